"""German of the engine's error messages (context "sharelens::Error"), keyed by
their English templates in engine/include/sharelens/error_messages.h. fill_de.py
merges them into its table; keep every %n placeholder."""

DE_ERRORS = {
    '%1': '%1',
    '%1: %2': '%1: %2',
    'cancelled':
        'abgebrochen',
    'this is a folder, not a safetensors file.':
        'dies ist ein Ordner, keine safetensors-Datei.',
    'this is not a regular file.':
        'dies ist keine reguläre Datei.',
    'the file does not exist.':
        'die Datei existiert nicht.',
    'permission denied; make the file readable.':
        'Zugriff verweigert; machen Sie die Datei lesbar.',
    'a part of this path is not a folder.':
        'ein Teil dieses Pfads ist kein Ordner.',
    'cannot open the file: %1.':
        'die Datei kann nicht geöffnet werden: %1.',
    'cannot inspect the file: %1.':
        'die Datei kann nicht untersucht werden: %1.',
    'the file is %1 bytes long, too short to hold the 8-byte safetensors header length. This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.':
        'die Datei ist %1 Bytes lang, zu kurz für die 8 Bytes lange Kopflänge einer safetensors-Datei. Dies ist keine safetensors-Datei, oder sie wurde abgeschnitten (ein unterbrochener Download oder Kopiervorgang?); holen Sie die Datei erneut.',
    'internal error: fewer than 8 bytes of the file were given to the header parser':
        'interner Fehler: dem Kopf-Parser wurden weniger als 8 Bytes der Datei übergeben',
    'the header length field says %1 bytes, which is absurdly large (the limit is 100 MB). This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.':
        'das Feld für die Kopflänge nennt %1 Bytes, was absurd groß ist (die Grenze ist 100 MB). Dies ist keine safetensors-Datei, oder sie wurde abgeschnitten (ein unterbrochener Download oder Kopiervorgang?); holen Sie die Datei erneut.',
    'the header length field says %1 bytes, past the end of the file (%2 bytes). This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.':
        'das Feld für die Kopflänge nennt %1 Bytes, mehr als die Datei lang ist (%2 Bytes). Dies ist keine safetensors-Datei, oder sie wurde abgeschnitten (ein unterbrochener Download oder Kopiervorgang?); holen Sie die Datei erneut.',
    'the JSON header is %1 bytes long, too short to be a JSON object. This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.':
        'der JSON-Kopf ist %1 Bytes lang, zu kurz für ein JSON-Objekt. Dies ist keine safetensors-Datei, oder sie wurde abgeschnitten (ein unterbrochener Download oder Kopiervorgang?); holen Sie die Datei erneut.',
    'internal error: only %1 bytes of the file were given to the header parser, which needs %2':
        'interner Fehler: dem Kopf-Parser wurden nur %1 Bytes der Datei übergeben, er braucht %2',
    'the header is not valid JSON (%1). This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.':
        'der Kopf ist kein gültiges JSON (%1). Dies ist keine safetensors-Datei, oder sie wurde abgeschnitten (ein unterbrochener Download oder Kopiervorgang?); holen Sie die Datei erneut.',
    'the header is JSON but not an object (it is %1); a safetensors header maps tensor names to their dtype, shape and data_offsets.':
        'der Kopf ist JSON, aber kein Objekt (er ist %1); ein safetensors-Kopf ordnet Tensornamen ihren dtype, shape und data_offsets zu.',
    '"__metadata__" must be an object mapping strings to strings, but it is %1.':
        '"__metadata__" muss ein Objekt sein, das Zeichenketten auf Zeichenketten abbildet, ist aber %1.',
    '"__metadata__" entry %1 must be a string, but it is %2; safetensors metadata maps strings to strings.':
        'der "__metadata__"-Eintrag %1 muss eine Zeichenkette sein, ist aber %2; safetensors-Metadaten bilden Zeichenketten auf Zeichenketten ab.',
    'tensor %1 is described by %2 instead of an object with dtype, shape and data_offsets.':
        'Tensor %1 wird durch %2 beschrieben statt durch ein Objekt mit dtype, shape und data_offsets.',
    'tensor %1 has no "dtype".':
        'Tensor %1 hat kein "dtype".',
    'tensor %1: "dtype" must be a string, but it is %2.':
        'Tensor %1: "dtype" muss eine Zeichenkette sein, ist aber %2.',
    'tensor %1 has dtype %2, which ShareLens does not support. Supported dtypes: %3. Convert the checkpoint to one of them (e.g. F16 or F32).':
        'Tensor %1 hat den dtype %2, den ShareLens nicht unterstützt. Unterstützte dtypes: %3. Wandeln Sie den Checkpoint in einen davon um (z. B. F16 oder F32).',
    'tensor %1 has no "shape".':
        'Tensor %1 hat kein "shape".',
    'tensor %1: "shape" must be an array of integers, but it is %2.':
        'Tensor %1: "shape" muss ein Array von Ganzzahlen sein, ist aber %2.',
    'tensor %1 has a dimension too large to be real: %2.':
        'Tensor %1 hat eine Dimension, die zu groß ist, um echt zu sein: %2.',
    'tensor %1 has a negative dimension %2 in its shape.':
        'Tensor %1 hat die negative Dimension %2 in seiner Form.',
    'tensor %1: "shape" must hold integers, but it holds %2.':
        'Tensor %1: "shape" muss Ganzzahlen enthalten, enthält aber %2.',
    'tensor %1 has no "data_offsets".':
        'Tensor %1 hat keine "data_offsets".',
    'tensor %1: "data_offsets" must be an array of two integers [begin, end].':
        'Tensor %1: "data_offsets" muss ein Array aus zwei Ganzzahlen [Anfang, Ende] sein.',
    'tensor %1: "data_offsets" must be two non-negative integers [begin, end].':
        'Tensor %1: "data_offsets" müssen zwei nicht negative Ganzzahlen [Anfang, Ende] sein.',
    'tensor %1 has data_offsets [%2, %3] that end before they begin.':
        'Tensor %1 hat data_offsets [%2, %3], die enden, bevor sie beginnen.',
    'tensor %1 has shape %2 whose size in bytes overflows.':
        'Tensor %1 hat die Form %2, deren Größe in Bytes überläuft.',
    'tensor %1 has %2 bytes in data_offsets [%3, %4], but %5 with shape %6 needs %7 bytes.':
        'Tensor %1 hat %2 Bytes in data_offsets [%3, %4], aber %5 mit der Form %6 braucht %7 Bytes.',
    'tensor %1 ends at data offset %2, beyond the data section (%3 bytes); the file is truncated or its header is wrong.':
        'Tensor %1 endet bei Datenoffset %2, hinter dem Datenbereich (%3 Bytes); die Datei ist abgeschnitten oder ihr Kopf ist falsch.',
    'tensors %1 [%2, %3) and %4 [%5, %6) overlap in the data section; the header is corrupt.':
        'die Tensoren %1 [%2, %3) und %4 [%5, %6) überlappen im Datenbereich; der Kopf ist beschädigt.',
    'cannot read the file: %1.':
        'die Datei kann nicht gelesen werden: %1.',
    'the file shrank while it was being read.':
        'die Datei ist während des Lesens geschrumpft.',
    'cannot map the file into memory: %1.':
        'die Datei kann nicht in den Speicher abgebildet werden: %1.',
    'cannot write tensor %1: its name is empty.':
        'Tensor %1 kann nicht geschrieben werden: sein Name ist leer.',
    'cannot write tensor %1 (%2): the name "__metadata__" is reserved by the format.':
        'Tensor %1 (%2) kann nicht geschrieben werden: der Name "__metadata__" ist vom Format reserviert.',
    'cannot write tensor %1 (%2): another tensor already has this name.':
        'Tensor %1 (%2) kann nicht geschrieben werden: ein anderer Tensor hat schon diesen Namen.',
    'cannot write tensor %1 (%2): shape %3 has a negative dimension or is too large.':
        'Tensor %1 (%2) kann nicht geschrieben werden: die Form %3 hat eine negative Dimension oder ist zu groß.',
    'cannot write tensor %1 (%2): it has no data.':
        'Tensor %1 (%2) kann nicht geschrieben werden: er hat keine Daten.',
    'cannot write tensor %1 (%2): it is too large.':
        'Tensor %1 (%2) kann nicht geschrieben werden: er ist zu groß.',
    'cannot write the header: a tensor name or metadata string is not valid UTF-8 (%1).':
        'der Kopf kann nicht geschrieben werden: ein Tensorname oder eine Metadaten-Zeichenkette ist kein gültiges UTF-8 (%1).',
    'hidden size':
        'verborgene Größe',
    'number of layers':
        'Anzahl der Schichten',
    'number of attention heads':
        'Anzahl der Attention-Heads',
    'vocabulary size':
        'Vokabulargröße',
    'maximum sequence length':
        'maximale Sequenzlänge',
    'MLP width':
        'MLP-Breite',
    'number of key/value heads':
        'Anzahl der Key/Value-Heads',
    'size of one attention head':
        'Größe eines Attention-Heads',
    'attention window':
        'Attention-Fenster',
    '"%1" (%2) is %3, which is too large.':
        '"%1" (%2) ist %3, das ist zu groß.',
    '"%1" (%2) must be an integer, but it is %3.':
        '"%1" (%2) muss eine Ganzzahl sein, ist aber %3.',
    '"%1" (%2) is missing; a %3 config.json needs it. Is the file complete?':
        '"%1" (%2) fehlt; eine %3-config.json braucht es. Ist die Datei vollständig?',
    '"%1" (%2) must be positive, but it is %3.':
        '"%1" (%2) muss positiv sein, ist aber %3.',
    '"%1" must be a number, but it is %2.':
        '"%1" muss eine Zahl sein, ist aber %2.',
    '"%1" must be a positive number, but it is %2.':
        '"%1" muss eine positive Zahl sein, ist aber %2.',
    '"%1" must be true or false, but it is %2.':
        '"%1" muss true oder false sein, ist aber %2.',
    '"%1" must be a string, but it is %2.':
        '"%1" muss eine Zeichenkette sein, ist aber %2.',
    '"%1" must be a non-negative integer token id, but it is %2.':
        '"%1" muss eine nicht negative ganzzahlige Token-ID sein, ist aber %2.',
    '"rope_scaling" must be null or an object, but it is %1.':
        '"rope_scaling" muss null oder ein Objekt sein, ist aber %1.',
    '"rope_scaling".%1 must be a string.':
        '"rope_scaling".%1 muss eine Zeichenkette sein.',
    '"rope_scaling" has no "rope_type" (or "type"); expected "linear" or "llama3".':
        '"rope_scaling" hat kein "rope_type" (oder "type"); erwartet wird "linear" oder "llama3".',
    '"rope_scaling" type "%1" is not supported; ShareLens supports no scaling (null), "linear" and "llama3".':
        '"rope_scaling" vom Typ "%1" wird nicht unterstützt; ShareLens unterstützt keine Skalierung (null), "linear" und "llama3".',
    '"rope_scaling" of type "%1" needs "%2".':
        '"rope_scaling" vom Typ "%1" braucht "%2".',
    '"rope_scaling".%1 must be a positive number, but it is %2.':
        '"rope_scaling".%1 muss eine positive Zahl sein, ist aber %2.',
    '"rope_scaling".original_max_position_embeddings must be a positive integer.':
        '"rope_scaling".original_max_position_embeddings muss eine positive Ganzzahl sein.',
    '"n_positions" (maximum sequence length) is missing; a GPT-2 config.json needs it (or "n_ctx").':
        '"n_positions" (maximale Sequenzlänge) fehlt; eine GPT-2-config.json braucht es (oder "n_ctx").',
    'n_head = %1 does not divide n_embd = %2; each head needs an equal share of the hidden size.':
        'n_head = %1 teilt n_embd = %2 nicht; jeder Head braucht einen gleich großen Anteil der verborgenen Größe.',
    'n_embd is too large.':
        'n_embd ist zu groß.',
    'num_attention_heads = %1 does not divide hidden_size = %2; each head needs an equal share of the hidden size.':
        'num_attention_heads = %1 teilt hidden_size = %2 nicht; jeder Head braucht einen gleich großen Anteil der verborgenen Größe.',
    'num_key_value_heads = %1 does not divide num_attention_heads = %2; grouped-query attention needs an equal number of heads per group.':
        'num_key_value_heads = %1 teilt num_attention_heads = %2 nicht; Grouped-Query-Attention braucht gleich viele Heads pro Gruppe.',
    "tokenizer.json is a SentencePiece-style BPE (Metaspace / byte fallback, as in Llama 2 and Mistral); ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2). Use the model's tokenizer.model instead, or supply pre-tokenized ids":
        'tokenizer.json ist ein BPE im SentencePiece-Stil (Metaspace / Byte-Fallback, wie in Llama 2 und Mistral); ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2). Verwenden Sie stattdessen die tokenizer.model des Modells oder geben Sie vorab tokenisierte IDs an',
    'tokenizer.json must hold a JSON object at the top level; this is not a Hugging Face tokenizer file. Use the tokenizer.json that came with the model':
        'tokenizer.json muss auf oberster Ebene ein JSON-Objekt enthalten; dies ist keine Hugging-Face-Tokenizer-Datei. Verwenden Sie die tokenizer.json, die mit dem Modell kam',
    'tokenizer.json has no "model" object; this is not a Hugging Face tokenizer file. Use the tokenizer.json that came with the model':
        'tokenizer.json hat kein "model"-Objekt; dies ist keine Hugging-Face-Tokenizer-Datei. Verwenden Sie die tokenizer.json, die mit dem Modell kam',
    'tokenizer.json does not say which model it uses ("model"."type" is missing); ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)':
        'tokenizer.json sagt nicht, welches Modell sie verwendet ("model"."type" fehlt); ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)',
    "tokenizer.json uses a %1 model; ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2). Use the model's tokenizer.model if it has one, or supply pre-tokenized ids":
        'tokenizer.json verwendet ein %1-Modell; ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2). Verwenden Sie die tokenizer.model des Modells, falls es eine hat, oder geben Sie vorab tokenisierte IDs an',
    'tokenizer.json\'s BPE model uses a %1 ("%2"), which byte-level BPE does not; ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)':
        'das BPE-Modell der tokenizer.json verwendet ein %1 ("%2"), was Byte-Level-BPE nicht tut; ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)',
    'tokenizer.json\'s BPE model has no "vocab" object (token -> id); the file is incomplete. Use the tokenizer.json that came with the model':
        'das BPE-Modell der tokenizer.json hat kein "vocab"-Objekt (Token -> ID); die Datei ist unvollständig. Verwenden Sie die tokenizer.json, die mit dem Modell kam',
    "tokenizer.json's BPE vocabulary is empty; use the tokenizer.json that came with the model":
        'das BPE-Vokabular der tokenizer.json ist leer; verwenden Sie die tokenizer.json, die mit dem Modell kam',
    'tokenizer.json\'s vocabulary gives token "%1" an id that is not an integer':
        'das Vokabular der tokenizer.json gibt dem Token "%1" eine ID, die keine Ganzzahl ist',
    'tokenizer.json\'s vocabulary gives token "%1" the id %2, outside 0..%3; the file is damaged':
        'das Vokabular der tokenizer.json gibt dem Token "%1" die ID %2, außerhalb von 0..%3; die Datei ist beschädigt',
    "tokenizer.json's vocabulary gives the id %1 to two tokens; the file is damaged":
        'das Vokabular der tokenizer.json vergibt die ID %1 an zwei Tokens; die Datei ist beschädigt',
    'tokenizer.json\'s unk_token "%1" is not in the vocabulary':
        'das unk_token "%1" der tokenizer.json ist nicht im Vokabular',
    'tokenizer.json\'s BPE "merges" is not a list; the file is damaged':
        'die BPE-"merges" der tokenizer.json sind keine Liste; die Datei ist beschädigt',
    'tokenizer.json\'s merge %1 ("%2") is not two tokens separated by one space; the file is damaged':
        'Merge %1 der tokenizer.json ("%2") sind nicht zwei durch ein Leerzeichen getrennte Tokens; die Datei ist beschädigt',
    'tokenizer.json\'s merge %1 is neither "a b" nor ["a", "b"]; the file is damaged':
        'Merge %1 der tokenizer.json ist weder "a b" noch ["a", "b"]; die Datei ist beschädigt',
    'tokenizer.json\'s merge %1 ("%2 %3") names "%4", which is not in the vocabulary; the file is damaged or belongs to another model':
        'Merge %1 der tokenizer.json ("%2 %3") nennt "%4", das nicht im Vokabular ist; die Datei ist beschädigt oder gehört zu einem anderen Modell',
    'tokenizer.json\'s merge %1 ("%2 %3") makes "%4%5", which is not in the vocabulary; the file is damaged or belongs to another model':
        'Merge %1 der tokenizer.json ("%2 %3") ergibt "%4%5", das nicht im Vokabular ist; die Datei ist beschädigt oder gehört zu einem anderen Modell',
    'tokenizer.json\'s "added_tokens" is not a list; the file is damaged':
        'die "added_tokens" der tokenizer.json sind keine Liste; die Datei ist beschädigt',
    'tokenizer.json has an added token without an integer "id" and a string "content"; the file is damaged':
        'tokenizer.json hat ein hinzugefügtes Token ohne ganzzahlige "id" und ohne Zeichenkette "content"; die Datei ist beschädigt',
    'tokenizer.json gives the added token "%1" the id %2, far outside the vocabulary; the file is damaged':
        'tokenizer.json gibt dem hinzugefügten Token "%1" die ID %2, weit außerhalb des Vokabulars; die Datei ist beschädigt',
    'tokenizer.json has an added token (id %1) with empty content':
        'tokenizer.json hat ein hinzugefügtes Token (ID %1) mit leerem Inhalt',
    'tokenizer.json nests normalizer Sequences too deeply; the file is damaged':
        'tokenizer.json verschachtelt Normalizer-Sequenzen zu tief; die Datei ist beschädigt',
    'tokenizer.json\'s Sequence normalizer has no "normalizers" list; the file is damaged':
        'der Sequence-Normalizer der tokenizer.json hat keine "normalizers"-Liste; die Datei ist beschädigt',
    'tokenizer.json has a normalizer that is an %1 with no "type", which ShareLens does not support (it supports none, NFC, NFD, NFKC, NFKD); ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)':
        'tokenizer.json hat einen Normalizer, der ein %1 ohne "type" ist, was ShareLens nicht unterstützt (es unterstützt keinen, NFC, NFD, NFKC, NFKD); ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)',
    'tokenizer.json uses the normalizer "%1", which ShareLens does not support (it supports none, NFC, NFD, NFKC, NFKD); ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)':
        'tokenizer.json verwendet den Normalizer "%1", den ShareLens nicht unterstützt (es unterstützt keinen, NFC, NFD, NFKC, NFKD); ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)',
    'tokenizer.json has no pre-tokenizer, so it is not a byte-level BPE; ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)':
        'tokenizer.json hat keinen Pre-Tokenizer, ist also kein Byte-Level-BPE; ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)',
    'tokenizer.json\'s Sequence pre-tokenizer has no "pretokenizers" list; the file is damaged':
        'der Sequence-Pre-Tokenizer der tokenizer.json hat keine "pretokenizers"-Liste; die Datei ist beschädigt',
    "tokenizer.json's pre-tokenizer has a %1 step after ByteLevel; ShareLens supports ByteLevel only as the last step (as in GPT-2, Llama 3 and Qwen2)":
        'der Pre-Tokenizer der tokenizer.json hat einen %1-Schritt nach ByteLevel; ShareLens unterstützt ByteLevel nur als letzten Schritt (wie in GPT-2, Llama 3 und Qwen2)',
    'tokenizer.json has a Split pre-tokenizer without a "pattern"; the file is damaged':
        'tokenizer.json hat einen Split-Pre-Tokenizer ohne "pattern"; die Datei ist beschädigt',
    'tokenizer.json has a Split pre-tokenizer with the unknown behavior "%1"':
        'tokenizer.json hat einen Split-Pre-Tokenizer mit dem unbekannten Verhalten "%1"',
    'tokenizer.json uses the pre-tokenizer "%1", which ShareLens does not support (it supports ByteLevel, and Split/Digits steps before ByteLevel); ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)':
        'tokenizer.json verwendet den Pre-Tokenizer "%1", den ShareLens nicht unterstützt (es unterstützt ByteLevel sowie Split-/Digits-Schritte vor ByteLevel); ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)',
    "tokenizer.json's %1 pre-tokenizer has a regular expression PCRE2 cannot compile (%2); the file is damaged or uses a regex feature ShareLens does not support":
        'der %1-Pre-Tokenizer der tokenizer.json hat einen regulären Ausdruck, den PCRE2 nicht übersetzen kann (%2); die Datei ist beschädigt oder verwendet eine Regex-Funktion, die ShareLens nicht unterstützt',
    "tokenizer.json's pre-tokenizer has no ByteLevel step, so it is not a byte-level BPE; ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)":
        'der Pre-Tokenizer der tokenizer.json hat keinen ByteLevel-Schritt, ist also kein Byte-Level-BPE; ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)',
    'tokenizer.json nests decoder Sequences too deeply; the file is damaged':
        'tokenizer.json verschachtelt Decoder-Sequenzen zu tief; die Datei ist beschädigt',
    'tokenizer.json uses the decoder "%1", which ShareLens does not support (it supports ByteLevel); ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)':
        'tokenizer.json verwendet den Decoder "%1", den ShareLens nicht unterstützt (es unterstützt ByteLevel); ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)',
    'expected an object with "agents", "units" and "groups" (an analysis of several models)':
        'erwartet wird ein Objekt mit "agents", "units" und "groups" (eine Analyse mehrerer Modelle)',
    '"level" must be "layers" or "agents"':
        '"level" muss "layers" oder "agents" sein',
    '"layers" must be at least 1':
        '"layers" muss mindestens 1 sein',
    "unit '%1' names agent %2":
        "Einheit '%1' nennt Agent %2",
    "unit '%1' names layer %2":
        "Einheit '%1' nennt Schicht %2",
    'has %1 units, expected %2':
        'hat %1 Einheiten, erwartet sind %2',
    'a group\'s "members" must be an array of unit indices':
        'die "members" einer Gruppe müssen ein Array von Einheitenindizes sein',
    'a group has no members':
        'eine Gruppe hat keine Mitglieder',
    'group member %1 is not a unit index':
        'Gruppenmitglied %1 ist kein Einheitenindex',
    'unit %1 is in two groups':
        'Einheit %1 ist in zwei Gruppen',
    "unknown init '%1' (use mean, medoid or first)":
        "unbekannte Initialisierung '%1' (verwenden Sie mean, medoid oder first)",
    'a field is missing or has the wrong type (%1)':
        'ein Feld fehlt oder hat den falschen Typ (%1)',
    'the model has':
        'das Modell hat',
    'the agents have':
        'die Agenten haben',
    'expected an object with "units" and "groups" arrays':
        'erwartet wird ein Objekt mit den Arrays "units" und "groups"',
    'group member %1 is not a unit index; the plan lists units 0..%2. Run the analysis again rather than editing the groups by hand':
        'Gruppenmitglied %1 ist kein Einheitenindex; der Plan listet die Einheiten 0..%2. Führen Sie die Analyse erneut aus, statt die Gruppen von Hand zu bearbeiten',
    'is not valid JSON':
        'ist kein gültiges JSON',
    'is not a JSON object':
        'ist kein JSON-Objekt',
    'has "blocks" that is not an object':
        'hat "blocks", das kein Objekt ist',
    'maps block %1 to something other than a prefix':
        'bildet Block %1 auf etwas anderes als ein Präfix ab',
    'has "aliases" that is not an object':
        'hat "aliases", das kein Objekt ist',
    'maps %1 to something other than a tensor name':
        'bildet %1 auf etwas anderes als einen Tensornamen ab',
    'has "deltas" that is not an object':
        'hat "deltas", das kein Objekt ist',
    'has a delta of %1 without a tensor name "a"':
        'hat ein Delta von %1 ohne Tensornamen "a"',
    'has a delta of %1 whose "b" is not a tensor name':
        'hat ein Delta von %1, dessen "b" kein Tensorname ist',
    'tensor "%1" lies outside this file\'s data section.':
        'Tensor "%1" liegt außerhalb des Datenbereichs dieser Datei.',
    'the shard index is not valid JSON (%1).':
        'der Shard-Index ist kein gültiges JSON (%1).',
    'the shard index must be a JSON object with a "weight_map".':
        'der Shard-Index muss ein JSON-Objekt mit einer "weight_map" sein.',
    'the shard index has no "weight_map" object mapping tensor names to shard files.':
        'der Shard-Index hat kein "weight_map"-Objekt, das Tensornamen auf Shard-Dateien abbildet.',
    '"weight_map" entry %1 must name a shard file, but it is %2.':
        'der "weight_map"-Eintrag %1 muss eine Shard-Datei nennen, ist aber %2.',
    '"weight_map" entry %1 names %2, which is not a file name in this folder.':
        'der "weight_map"-Eintrag %1 nennt %2, was kein Dateiname in diesem Ordner ist.',
    'the shard index\'s "weight_map" is empty; it lists no tensors.':
        'die "weight_map" des Shard-Index ist leer; sie listet keine Tensoren.',
    'config.json is not valid JSON (%1).':
        'config.json ist kein gültiges JSON (%1).',
    'config.json must hold a JSON object, but it holds %1.':
        'config.json muss ein JSON-Objekt enthalten, enthält aber %1.',
    '"model_type" is missing, so the architecture is unknown. Supported: %1.':
        '"model_type" fehlt, daher ist die Architektur unbekannt. Unterstützt: %1.',
    '"model_type" must be a string, but it is %1.':
        '"model_type" muss eine Zeichenkette sein, ist aber %1.',
    'model_type "%1" is not supported. Supported: %2 (GPT-2 and Llama-shaped models).':
        'model_type "%1" wird nicht unterstützt. Unterstützt: %2 (Modelle in der Form von GPT-2 und Llama).',
    'shard %1 listed in %2 is missing (it should hold %3); download the complete checkpoint.':
        'Shard %1, in %2 aufgeführt, fehlt (er sollte %3 enthalten); laden Sie den vollständigen Checkpoint herunter.',
    'shard %1 listed in %2 is missing (it should hold %3 and %4 more tensors); download the complete checkpoint.':
        'Shard %1, in %2 aufgeführt, fehlt (er sollte %3 und %4 weitere Tensoren enthalten); laden Sie den vollständigen Checkpoint herunter.',
    'this agent':
        'dieser Agent',
    'agent %1':
        'Agent %1',
    'missing':
        'fehlt',
    'none':
        'keine',
    'tensor %1 is mapped to this shard by %2, but the shard does not hold it; the shard or the index is wrong. Download the checkpoint again.':
        'Tensor %1 ist diesem Shard durch %2 zugeordnet, aber der Shard enthält ihn nicht; der Shard oder der Index ist falsch. Laden Sie den Checkpoint erneut herunter.',
    'the shard holds tensor %1, which %2 does not map to this shard; the shard or the index is wrong. Download the checkpoint again.':
        'der Shard enthält Tensor %1, den %2 nicht diesem Shard zuordnet; der Shard oder der Index ist falsch. Laden Sie den Checkpoint erneut herunter.',
    'the agent\'s pool (metadata "sharelens.pool") is %1, but a pool must be a file in the folder that holds the agent\'s folder, such as "../%2"; the checkpoint was edited. Export the pool again.':
        'der Pool des Agenten (Metadaten "sharelens.pool") ist %1, aber ein Pool muss eine Datei in dem Ordner sein, der den Ordner des Agenten enthält, etwa "../%2"; der Checkpoint wurde bearbeitet. Exportieren Sie den Pool erneut.',
    "the shared pool that %1 takes its shared tensors from is missing; keep the agent's folder beside %2 (copy the whole export folder), or export the pool again.":
        'der gemeinsame Pool, aus dem %1 seine geteilten Tensoren nimmt, fehlt; lassen Sie den Ordner des Agenten neben %2 (kopieren Sie den ganzen Exportordner), oder exportieren Sie den Pool erneut.',
    'this is not a ShareLens shared pool of format "%1" (%2 names it as its pool); put the export\'s own %3 back, or export the pool again.':
        'dies ist kein gemeinsamer ShareLens-Pool im Format "%1" (%2 nennt ihn als seinen Pool); legen Sie die eigene %3 des Exports zurück, oder exportieren Sie den Pool erneut.',
    'this pool is not the one %1 was exported with (pool id %2, the agent expects %3); it comes from another export. Keep the agent folders and the pool of one export together, or export the pool again.':
        'dies ist nicht der Pool, mit dem %1 exportiert wurde (Pool-ID %2, der Agent erwartet %3); er stammt aus einem anderen Export. Halten Sie die Agentenordner und den Pool eines Exports zusammen, oder exportieren Sie den Pool erneut.',
    'no model folder was given.':
        'es wurde kein Modellordner angegeben.',
    'cannot open: %1.':
        'kann nicht geöffnet werden: %1.',
    'there is no such file or folder.':
        'diese Datei oder dieser Ordner existiert nicht.',
    "this is a file, not a model folder, and the folder it is in has no config.json; open the model's folder (the one holding config.json and the weights).":
        'dies ist eine Datei, kein Modellordner, und der Ordner, in dem sie liegt, hat keine config.json; öffnen Sie den Ordner des Modells (den mit config.json und den Gewichten).',
    "this is a ShareLens shared pool of several agents, not one model; open one agent's folder inside it, or give the whole folder where agents are expected (analyze and finetune with several MODELs).":
        'dies ist ein gemeinsamer ShareLens-Pool mehrerer Agenten, kein einzelnes Modell; öffnen Sie den Ordner eines Agenten darin, oder geben Sie den ganzen Ordner dort an, wo Agenten erwartet werden (analyze und finetune mit mehreren MODELLEN).',
    "there is no config.json here; a Hugging Face model folder needs config.json (the model's architecture and sizes) next to its weights, as save_pretrained() writes it.":
        'hier gibt es keine config.json; ein Hugging-Face-Modellordner braucht config.json (Architektur und Größen des Modells) neben seinen Gewichten, so wie save_pretrained() sie schreibt.',
    'found several weight files (%1) but no model.safetensors.index.json saying which tensor lives where; keep one, or add the index.':
        'mehrere Gewichtsdateien gefunden (%1), aber keine model.safetensors.index.json, die sagt, welcher Tensor wo liegt; behalten Sie eine, oder fügen Sie den Index hinzu.',
    'found no weights: expected model.safetensors, model.safetensors.index.json (with its shards) or pytorch_model.bin next to config.json.':
        'keine Gewichte gefunden: erwartet wird model.safetensors, model.safetensors.index.json (mit ihren Shards) oder pytorch_model.bin neben config.json.',
    'tensor %1 appears in two weight files (%2 and %3).':
        'Tensor %1 kommt in zwei Gewichtsdateien vor (%2 und %3).',
    'Re-save it as a plain dict of tensors with: python3 -c "import torch; sd = torch.load(\'%1\', map_location=\'cpu\'); torch.save({k: v.detach().clone() for k, v in sd.items()}, \'%1\')" — or convert it to model.safetensors (safetensors.torch.save_file(sd, \'model.safetensors\')), which ShareLens reads without copying.':
        'Speichern Sie sie als einfaches Dict von Tensoren neu mit: python3 -c "import torch; sd = torch.load(\'%1\', map_location=\'cpu\'); torch.save({k: v.detach().clone() for k, v in sd.items()}, \'%1\')" — oder wandeln Sie sie in model.safetensors um (safetensors.torch.save_file(sd, \'model.safetensors\')), die ShareLens ohne Kopieren liest.',
    'this file holds an OrderedDict (what torch.save(model.state_dict()) writes), which LibTorch 1.13 cannot read. %1':
        'diese Datei enthält ein OrderedDict (das schreibt torch.save(model.state_dict())), das LibTorch 1.13 nicht lesen kann. %1',
    'this file holds nn.Parameter objects rather than plain tensors, which LibTorch 1.13 cannot read. %1':
        'diese Datei enthält nn.Parameter-Objekte statt einfacher Tensoren, die LibTorch 1.13 nicht lesen kann. %1',
    "this file holds a dict with a single entry, which LibTorch 1.13's unpickler cannot read (it lacks the SETITEM opcode). Convert it to model.safetensors (safetensors.torch.save_file(sd, 'model.safetensors')), or save it together with at least one more tensor.":
        "diese Datei enthält ein Dict mit einem einzigen Eintrag, das der Unpickler von LibTorch 1.13 nicht lesen kann (ihm fehlt der SETITEM-Opcode). Wandeln Sie sie in model.safetensors um (safetensors.torch.save_file(sd, 'model.safetensors')), oder speichern Sie sie zusammen mit mindestens einem weiteren Tensor.",
    'this is a folder; a file was expected.':
        'dies ist ein Ordner; erwartet wurde eine Datei.',
    'cannot open the file.':
        'die Datei kann nicht geöffnet werden.',
    'cannot read the file.':
        'die Datei kann nicht gelesen werden.',
    'cannot read the whole file.':
        'die Datei kann nicht vollständig gelesen werden.',
    'tensors of dtype %1 cannot be stored; supported are F64, F32, F16, BF16, I64, I32, I16, I8, U8 and BOOL.':
        'Tensoren vom dtype %1 können nicht gespeichert werden; unterstützt sind F64, F32, F16, BF16, I64, I32, I16, I8, U8 und BOOL.',
    'internal error: no mapped file given for tensor %1':
        'interner Fehler: für Tensor %1 wurde keine abgebildete Datei angegeben',
    'missing tensor %1; the compact checkpoint neither stores it nor maps it to a stored tensor in its sharing map, so it is damaged or was edited. Export it again.':
        'Tensor %1 fehlt; der kompakte Checkpoint speichert ihn weder, noch bildet er ihn in seiner Teilungskarte auf einen gespeicherten Tensor ab, er ist also beschädigt oder wurde bearbeitet. Exportieren Sie ihn erneut.',
    "missing tensor %1; the checkpoint does not hold it. Is the config.json's architecture the one these weights were saved from?":
        'Tensor %1 fehlt; der Checkpoint enthält ihn nicht. Ist die Architektur der config.json die, mit der diese Gewichte gespeichert wurden?',
    'missing tensor %1.':
        'Tensor %1 fehlt.',
    'missing tensor %1; the file changed after the checkpoint was opened.':
        'Tensor %1 fehlt; die Datei hat sich geändert, nachdem der Checkpoint geöffnet wurde.',
    "the sharing map makes %1 use stored tensor %2 of shape %3, but %4 needs shape %5; the compact checkpoint's sharing map is wrong. Export it again.":
        'die Teilungskarte lässt %1 den gespeicherten Tensor %2 der Form %3 verwenden, aber %4 braucht die Form %5; die Teilungskarte des kompakten Checkpoints ist falsch. Exportieren Sie ihn erneut.',
    'tensor %1 has shape %2 but the config implies %3; config.json and the weights do not belong together.':
        'Tensor %1 hat die Form %2, aber die Konfiguration ergibt %3; config.json und die Gewichte gehören nicht zusammen.',
    'cannot save tensor %1: it is undefined.':
        'Tensor %1 kann nicht gespeichert werden: er ist undefiniert.',
    'cannot save tensor %1: only dense tensors can be stored.':
        'Tensor %1 kann nicht gespeichert werden: nur dichte Tensoren können gespeichert werden.',
    'cannot save tensor %1: it is on %2; move it to the CPU first.':
        'Tensor %1 kann nicht gespeichert werden: er liegt auf %2; verschieben Sie ihn zuerst auf die CPU.',
    'cannot save tensor %1: %2':
        'Tensor %1 kann nicht gespeichert werden: %2',
    'the file is empty; it is not a PyTorch state_dict.':
        'die Datei ist leer; sie ist kein PyTorch-state_dict.',
    "this file uses PyTorch's legacy (pre-1.6) serialization, which LibTorch cannot read. %1 (torch.save writes the readable zip format by default.)":
        'diese Datei verwendet die alte Serialisierung von PyTorch (vor 1.6), die LibTorch nicht lesen kann. %1 (torch.save schreibt standardmäßig das lesbare Zip-Format.)',
    'this is not a PyTorch file (torch.save writes a zip archive; this file does not start like one). Is it truncated, or a different kind of file?':
        'dies ist keine PyTorch-Datei (torch.save schreibt ein Zip-Archiv; diese Datei beginnt nicht wie eines). Ist sie abgeschnitten, oder ist es eine andere Art von Datei?',
    'LibTorch cannot read this file (%1). %2':
        'LibTorch kann diese Datei nicht lesen (%1). %2',
    'this file holds a %1, not a dict of tensors (a state_dict). Save model.state_dict() as a dict instead.':
        'diese Datei enthält ein %1, kein Dict von Tensoren (ein state_dict). Speichern Sie model.state_dict() stattdessen als Dict.',
    'this dict has a key of type %1; a state_dict maps tensor names (strings) to tensors.':
        'dieses Dict hat einen Schlüssel vom Typ %1; ein state_dict bildet Tensornamen (Zeichenketten) auf Tensoren ab.',
    'entry %1 is a %2, not a tensor; a state_dict maps names to tensors.':
        'Eintrag %1 ist ein %2, kein Tensor; ein state_dict bildet Namen auf Tensoren ab.',
    "entry %1 is a %2, not a tensor; a state_dict maps names to tensors. It looks like a training checkpoint; save only its state_dict, e.g. torch.save(dict(ckpt['%3']), 'pytorch_model.bin').":
        "Eintrag %1 ist ein %2, kein Tensor; ein state_dict bildet Namen auf Tensoren ab. Es sieht nach einem Trainings-Checkpoint aus; speichern Sie nur sein state_dict, z. B. torch.save(dict(ckpt['%3']), 'pytorch_model.bin').",
    'tensor %1: %2':
        'Tensor %1: %2',
    'this state_dict holds no tensors.':
        'dieses state_dict enthält keine Tensoren.',
    'the folder %1 does not exist; create it first or choose another place.':
        'der Ordner %1 existiert nicht; legen Sie ihn zuerst an oder wählen Sie einen anderen Ort.',
    'a part of the path is a file, not a folder; choose another place.':
        'ein Teil des Pfads ist eine Datei, kein Ordner; wählen Sie einen anderen Ort.',
    'the folder %1 is not writable; choose a folder you can write to.':
        'der Ordner %1 ist nicht beschreibbar; wählen Sie einen Ordner, in den Sie schreiben dürfen.',
    'the folder %1 is on a read-only file system; choose another place.':
        'der Ordner %1 liegt auf einem schreibgeschützten Dateisystem; wählen Sie einen anderen Ort.',
    'the disk is full; free some space and try again.':
        'der Datenträger ist voll; geben Sie Platz frei und versuchen Sie es erneut.',
    '%1.': '%1.',
    'the file is larger than this system allows (%1).':
        'die Datei ist größer, als dieses System erlaubt (%1).',
    'cannot write a file: no file name was given.':
        'eine Datei kann nicht geschrieben werden: es wurde kein Dateiname angegeben.',
    'cannot write the file: the path names a folder.':
        'die Datei kann nicht geschrieben werden: der Pfad nennt einen Ordner.',
    'cannot write the file: a folder of that name exists.':
        'die Datei kann nicht geschrieben werden: es gibt einen Ordner dieses Namens.',
    'cannot write the file: %1':
        'die Datei kann nicht geschrieben werden: %1',
    'cannot write the file (%1): %2 Nothing was changed.':
        'die Datei kann nicht geschrieben werden (%1): %2 Es wurde nichts verändert.',
    'cannot write the file (closing): %1. Nothing was changed.':
        'die Datei kann nicht geschrieben werden (beim Schließen): %1. Es wurde nichts verändert.',
    'cannot write the file (renaming the finished temporary file into place): %1. Nothing was changed.':
        'die Datei kann nicht geschrieben werden (beim Umbenennen der fertigen temporären Datei an ihren Platz): %1. Es wurde nichts verändert.',
    'cannot write a folder: no folder name was given.':
        'ein Ordner kann nicht geschrieben werden: es wurde kein Ordnername angegeben.',
    'cannot write into this folder: name a new folder instead.':
        'in diesen Ordner kann nicht geschrieben werden: nennen Sie stattdessen einen neuen Ordner.',
    'cannot write the folder: %1':
        'der Ordner kann nicht geschrieben werden: %1',
    'cannot write the folder: a file of that name exists; remove it or choose another name.':
        'der Ordner kann nicht geschrieben werden: es gibt eine Datei dieses Namens; entfernen Sie sie oder wählen Sie einen anderen Namen.',
    'the folder exists and holds "%1", which this export does not write; it is not replaced. Choose a new or empty folder, or remove what is in it.':
        'der Ordner existiert und enthält "%1", was dieser Export nicht schreibt; er wird nicht ersetzt. Wählen Sie einen neuen oder leeren Ordner, oder entfernen Sie seinen Inhalt.',
    'cannot read the existing folder: %1.':
        'der vorhandene Ordner kann nicht gelesen werden: %1.',
    'cannot move the finished folder into place: %1. Nothing was changed.':
        'der fertige Ordner kann nicht an seinen Platz verschoben werden: %1. Es wurde nichts verändert.',
    'cannot swap the finished folder into place: %1. Nothing was changed.':
        'der fertige Ordner kann nicht an seinen Platz getauscht werden: %1. Es wurde nichts verändert.',
    'not valid JSON (%1). A token-id file is a JSON array of sequences, e.g. [[15, 7, 99], [3, 4]].':
        'kein gültiges JSON (%1). Eine Token-ID-Datei ist ein JSON-Array von Sequenzen, z. B. [[15, 7, 99], [3, 4]].',
    'the top level is %1, not an array. A token-id file is a JSON array of sequences, e.g. [[15, 7, 99], [3, 4]].':
        'die oberste Ebene ist %1, kein Array. Eine Token-ID-Datei ist ein JSON-Array von Sequenzen, z. B. [[15, 7, 99], [3, 4]].',
    'sequence %1 is %2, not an array of token ids. A token-id file is a JSON array of sequences, e.g. [[15, 7, 99], [3, 4]].':
        'Sequenz %1 ist %2, kein Array von Token-IDs. Eine Token-ID-Datei ist ein JSON-Array von Sequenzen, z. B. [[15, 7, 99], [3, 4]].',
    'sequence %1, position %2: %3 is not a token id; ids are integers from 0 to 2147483647.':
        'Sequenz %1, Position %2: %3 ist keine Token-ID; IDs sind Ganzzahlen von 0 bis 2147483647.',
    'the sequence length must be positive (got %1).':
        'die Sequenzlänge muss positiv sein (erhalten: %1).',
    'the number of sequences must be 0 (no limit) or positive (got %1).':
        'die Anzahl der Sequenzen muss 0 (keine Grenze) oder positiv sein (erhalten: %1).',
    'the vocabulary size must be positive (got %1).':
        'die Vokabulargröße muss positiv sein (erhalten: %1).',
    'the maximum sequence length must be at least 2 (got %1).':
        'die maximale Sequenzlänge muss mindestens 2 sein (erhalten: %1).',
    'there are no token sequences; give at least one sequence of 2 or more tokens.':
        'es gibt keine Token-Sequenzen; geben Sie mindestens eine Sequenz mit 2 oder mehr Tokens an.',
    'sequence %1 has %2 token(s); at least 2 are needed to predict a next token. Remove it, or choose a --seq-len of 2 or more.':
        'Sequenz %1 hat %2 Token(s); mindestens 2 sind nötig, um ein nächstes Token vorherzusagen. Entfernen Sie sie, oder wählen Sie eine --seq-len von 2 oder mehr.',
    'sequence %1 has %2 tokens, more than the maximum of %3; shorten it, or pass --seq-len %4 (or less) to cut it.':
        'Sequenz %1 hat %2 Tokens, mehr als das Maximum von %3; kürzen Sie sie, oder geben Sie --seq-len %4 (oder weniger) an, um sie abzuschneiden.',
    "sequence %1, position %2: token id %3 is outside the vocabulary [0, %4); were these ids made with another model's tokenizer?":
        'Sequenz %1, Position %2: Token-ID %3 liegt außerhalb des Vokabulars [0, %4); wurden diese IDs mit dem Tokenizer eines anderen Modells erzeugt?',
    'the plan names unit %1, but %2 units 0..%3':
        'der Plan nennt Einheit %1, aber %2 die Einheiten 0..%3',
    'the plan puts unit %1 into two groups':
        'der Plan setzt Einheit %1 in zwei Gruppen',
    "is not valid JSON (%1); give the analysis.json that 'sharelens-cli analyze' writes, or a plan exported from ShareLens":
        "ist kein gültiges JSON (%1); geben Sie die analysis.json an, die 'sharelens-cli analyze' schreibt, oder einen aus ShareLens exportierten Plan",
    'sharing plan: %1':
        'Teilungsplan: %1',
    'similarity matrix':
        'Ähnlichkeitsmatrix',
    'distance matrix':
        'Distanzmatrix',
    '%1 must be square (one row and one column per unit), but it has %2 rows and %3 columns':
        '%1 muss quadratisch sein (eine Zeile und eine Spalte pro Einheit), hat aber %2 Zeilen und %3 Spalten',
    '%1 has %2 unit; clustering needs at least 2 units':
        '%1 hat %2 Einheit; Clustering braucht mindestens 2 Einheiten',
    '%1 has %2 units; clustering needs at least 2 units':
        '%1 hat %2 Einheiten; Clustering braucht mindestens 2 Einheiten',
    '%1 has a NaN at row %2, column %3 (0-based); recompute it, e.g. with more calibration tokens, or drop units whose activations are constant':
        '%1 hat ein NaN in Zeile %2, Spalte %3 (ab 0 gezählt); berechnen Sie sie neu, z. B. mit mehr Kalibrier-Tokens, oder lassen Sie Einheiten weg, deren Aktivierungen konstant sind',
    '%1 has an infinite value at row %2, column %3 (0-based); recompute it, e.g. with more calibration tokens, or drop units whose activations are constant':
        '%1 hat einen unendlichen Wert in Zeile %2, Spalte %3 (ab 0 gezählt); berechnen Sie sie neu, z. B. mit mehr Kalibrier-Tokens, oder lassen Sie Einheiten weg, deren Aktivierungen konstant sind',
    "the distances are too large to cluster with %1 linkage (a merged cluster's distance is not a finite number); distances 1 - S lie in [0, 2] when similarities lie in [-1, 1], so check the similarity matrix":
        'die Distanzen sind zu groß für ein Clustering mit %1-Verknüpfung (die Distanz eines zusammengeführten Clusters ist keine endliche Zahl); Distanzen 1 - S liegen in [0, 2], wenn Ähnlichkeiten in [-1, 1] liegen, prüfen Sie also die Ähnlichkeitsmatrix',
    'the linkage matrix is empty; a clustering needs at least 2 units':
        'die Verknüpfungsmatrix ist leer; ein Clustering braucht mindestens 2 Einheiten',
    'linkage row %1: has a value that is not a finite number; recompute the clustering':
        'Verknüpfungszeile %1: enthält einen Wert, der keine endliche Zahl ist; berechnen Sie das Clustering neu',
    'linkage row %1: cluster id %2 is not the id of a unit or of a cluster formed by an earlier row (expected an integer from 0 to %3); recompute the clustering':
        'Verknüpfungszeile %1: Cluster-ID %2 ist weder die ID einer Einheit noch die eines Clusters aus einer früheren Zeile (erwartet wird eine Ganzzahl von 0 bis %3); berechnen Sie das Clustering neu',
    'linkage row %1: cluster %2 is merged more than once; recompute the clustering':
        'Verknüpfungszeile %1: Cluster %2 wird mehr als einmal zusammengeführt; berechnen Sie das Clustering neu',
    'linkage row %1: size %2 does not match the %3 units of its clusters; recompute the clustering':
        'Verknüpfungszeile %1: Größe %2 passt nicht zu den %3 Einheiten ihrer Cluster; berechnen Sie das Clustering neu',
    'threshold %1 is outside the range of distances 1 - S; choose a value from 0 to 2':
        'der Schwellenwert %1 liegt außerhalb des Bereichs der Distanzen 1 - S; wählen Sie einen Wert von 0 bis 2',
    'similarity matrix is not symmetric: the value at row %1, column %2 is %3 but at row %4, column %5 it is %6 (0-based; they may differ by at most 1e-6); recompute the similarity':
        'die Ähnlichkeitsmatrix ist nicht symmetrisch: der Wert in Zeile %1, Spalte %2 ist %3, aber in Zeile %4, Spalte %5 ist er %6 (ab 0 gezählt; sie dürfen sich um höchstens 1e-6 unterscheiden); berechnen Sie die Ähnlichkeit neu',
    'the largest group size is %1; use 0 for no limit or a positive number of units':
        'die größte Gruppengröße ist %1; verwenden Sie 0 für keine Grenze oder eine positive Anzahl von Einheiten',
    'this is a ShareLens compact checkpoint of format "%1", which this version reads only as "%2"; open it with the ShareLens that wrote it and export it as a Hugging Face folder (sharelens-cli export MODEL --format hf).':
        'dies ist ein kompakter ShareLens-Checkpoint im Format "%1", den diese Version nur als "%2" liest; öffnen Sie ihn mit dem ShareLens, das ihn geschrieben hat, und exportieren Sie ihn als Hugging-Face-Ordner (sharelens-cli export MODEL --format hf).',
    'this compact checkpoint has no sharing map (metadata "sharelens.map"); it is damaged. Export it again.':
        'dieser kompakte Checkpoint hat keine Teilungskarte (Metadaten "sharelens.map"); er ist beschädigt. Exportieren Sie ihn erneut.',
    "the agent's file and its pool both store a tensor named %1; the checkpoint is damaged. Export the pool again.":
        'die Datei des Agenten und sein Pool speichern beide einen Tensor namens %1; der Checkpoint ist beschädigt. Exportieren Sie den Pool erneut.',
    'the sharing map names tensor %1 (%2), but the file does not hold it; the compact checkpoint is damaged or was edited. Export it again.':
        'die Teilungskarte nennt Tensor %1 (%2), aber die Datei enthält ihn nicht; der kompakte Checkpoint ist beschädigt oder wurde bearbeitet. Exportieren Sie ihn erneut.',
    'the sharing map makes the tensors under %1 those under %2, but the file stores no tensor under %3; the compact checkpoint is damaged or was edited. Export it again.':
        'die Teilungskarte macht die Tensoren unter %1 zu denen unter %2, aber die Datei speichert keinen Tensor unter %3; der kompakte Checkpoint ist beschädigt oder wurde bearbeitet. Exportieren Sie ihn erneut.',
    'the sharing map makes %1 an alias of %2, but the file also stores a tensor of that name; the compact checkpoint is damaged.':
        'die Teilungskarte macht %1 zu einem Alias von %2, aber die Datei speichert auch einen Tensor dieses Namens; der kompakte Checkpoint ist beschädigt.',
    'the sharing map takes a delta of %1 from the shared pool, where deltas are never stored; the checkpoint is damaged or was edited. Export the pool again.':
        'die Teilungskarte nimmt ein Delta von %1 aus dem gemeinsamen Pool, in dem nie Deltas gespeichert werden; der Checkpoint ist beschädigt oder wurde bearbeitet. Exportieren Sie den Pool erneut.',
    'the delta of %1 (%2%3) does not fit its shape %4; the compact checkpoint is damaged. Export it again.':
        'das Delta von %1 (%2%3) passt nicht zu seiner Form %4; der kompakte Checkpoint ist beschädigt. Exportieren Sie ihn erneut.',
    'the compact checkpoint\'s sharing map (metadata "sharelens.map") %1; the file is damaged. Export it again.':
        'die Teilungskarte des kompakten Checkpoints (Metadaten "sharelens.map") %1; die Datei ist beschädigt. Exportieren Sie sie erneut.',
    'the compact checkpoint\'s provenance (metadata "sharelens.provenance") is not valid JSON; the file is damaged. Export it again.':
        'die Herkunftsangaben des kompakten Checkpoints (Metadaten "sharelens.provenance") sind kein gültiges JSON; die Datei ist beschädigt. Exportieren Sie sie erneut.',
    'the compact checkpoint\'s provenance (metadata "sharelens.provenance") is not a JSON object; the file is damaged. Export it again.':
        'die Herkunftsangaben des kompakten Checkpoints (Metadaten "sharelens.provenance") sind kein JSON-Objekt; die Datei ist beschädigt. Exportieren Sie sie erneut.',
    '%1 agent names for %2 agents; give one name per model or none':
        '%1 Agentennamen für %2 Agenten; geben Sie einen Namen pro Modell an oder keinen',
    "agent name '%1' contains '/', which separates agent and layer in unit names":
        "der Agentenname '%1' enthält '/', das in Einheitennamen Agent und Schicht trennt",
    'agents mode needs at least two models, got %1':
        'der Agentenmodus braucht mindestens zwei Modelle, erhalten: %1',
    '%1: architecture %2, agent 1 is %3; all agents must share one architecture':
        '%1: Architektur %2, Agent 1 ist %3; alle Agenten müssen eine gemeinsame Architektur haben',
    '%1: %2 %3, agent 1 has %4; all agents must have the same architecture and shapes':
        '%1: %2 %3, Agent 1 hat %4; alle Agenten müssen dieselbe Architektur und dieselben Formen haben',
    "%1: has tensor '%2', which agent 1 lacks":
        "%1: hat Tensor '%2', der Agent 1 fehlt",
    "%1: tensor '%2' has shape %3, agent 1 has %4":
        "%1: Tensor '%2' hat die Form %3, bei Agent 1 ist sie %4",
    "%1: lacks tensor '%2', which agent 1 has":
        "%1: Tensor '%2' fehlt, den Agent 1 hat",
    'one name per agent expected':
        'ein Name pro Agent erwartet',
    'agents mode compares whole blocks; sub-block units are not supported across agents (use --units blocks)':
        'der Agentenmodus vergleicht ganze Blöcke; Teilblock-Einheiten werden über Agenten hinweg nicht unterstützt (verwenden Sie --units blocks)',
    'no calibration sequences: the text or id list is empty':
        'keine Kalibriersequenzen: der Text oder die ID-Liste ist leer',
    'batch size must be at least 1':
        'die Batchgröße muss mindestens 1 sein',
    'the calibration data has fewer than two usable tokens; use more text':
        'die Kalibrierdaten haben weniger als zwei nutzbare Tokens; verwenden Sie mehr Text',
    'the base agent must be one of the %1 agents, got %2':
        'der Basisagent muss einer der %1 Agenten sein, erhalten: %2',
    "units '%1' and '%2' have different parameter counts and cannot share":
        "die Einheiten '%1' und '%2' haben unterschiedlich viele Parameter und können nicht teilen",
    'is not valid JSON: %1':
        'ist kein gültiges JSON: %1',
    'agents sharing plan: %1':
        'Agenten-Teilungsplan: %1',
    'internal: model copy has a different tensor list':
        'intern: die Modellkopie hat eine andere Tensorliste',
    'the plan was made for %1 agents, but %2 models were given':
        'der Plan wurde für %1 Agenten erstellt, aber %2 Modelle wurden angegeben',
    'the plan was made for agents with %1 layers, these have %2':
        'der Plan wurde für Agenten mit %1 Schichten erstellt, diese haben %2',
    "the plan's unit list does not fit these agents":
        'die Einheitenliste des Plans passt nicht zu diesen Agenten',
    "the plan's group member %1 is not a unit index":
        'das Gruppenmitglied %1 des Plans ist kein Einheitenindex',
    'internal: block tensor list mismatch':
        'intern: Tensorliste des Blocks passt nicht',
    'one baseline model, one shared model and one text per agent expected (%1 baseline, %2 shared, %3 texts)':
        'ein Basismodell, ein geteiltes Modell und ein Text pro Agent erwartet (%1 Basis, %2 geteilt, %3 Texte)',
    'the baseline and the shared agents must be different models':
        'die Basis- und die geteilten Agenten müssen verschiedene Modelle sein',
    'shared agent %1 was not made from baseline agent %2':
        'der geteilte Agent %1 wurde nicht aus dem Basisagenten %2 erzeugt',
    'the model has a single unit; similarity needs at least two':
        'das Modell hat nur eine Einheit; Ähnlichkeit braucht mindestens zwei',
    "internal: the copy needs tensor '%1', which the model lacks":
        "intern: die Kopie braucht Tensor '%1', den das Modell nicht hat",
    "internal: tensor '%1' changed shape in the copy":
        "intern: Tensor '%1' hat in der Kopie seine Form geändert",
    'layer %1 to remove is out of range: the model has layers 0..%2':
        'die zu entfernende Schicht %1 liegt außerhalb des Bereichs: das Modell hat die Schichten 0..%2',
    'layer %1 is named twice in the layers to remove':
        'Schicht %1 ist bei den zu entfernenden Schichten zweimal genannt',
    'cannot remove every layer: at least one must remain':
        'es können nicht alle Schichten entfernt werden: mindestens eine muss bleiben',
    'the plan names unit %1, which it does not list':
        'der Plan nennt Einheit %1, die er nicht listet',
    "layer removal needs a plan over whole blocks; unit '%1' is a sub-block":
        "das Entfernen von Schichten braucht einen Plan über ganze Blöcke; Einheit '%1' ist ein Teilblock",
    'cannot drop the last %1 of %2 layers: k must be in 0..%3':
        'die letzten %1 von %2 Schichten können nicht weggelassen werden: k muss in 0..%3 liegen',
    'a weight matrix of %1 x %2 needs %3 values, got %4':
        'eine Gewichtsmatrix von %1 x %2 braucht %3 Werte, erhalten: %4',
    'exports are stored as F32, F16 or BF16':
        'Exporte werden als F32, F16 oder BF16 gespeichert',
    'agent name "%1" cannot name a folder of the pool export; give the agents plain names (--agent-names when analyzing)':
        'der Agentenname "%1" kann keinen Ordner des Pool-Exports benennen; geben Sie den Agenten einfache Namen (--agent-names beim Analysieren)',
    'the folder exists and its "%1" holds "%2", which this export does not write; it is not replaced. Choose a new or empty folder, or remove what is in it.':
        'der Ordner existiert und sein "%1" enthält "%2", was dieser Export nicht schreibt; er wird nicht ersetzt. Wählen Sie einen neuen oder leeren Ordner, oder entfernen Sie seinen Inhalt.',
    'this is not a ShareLens shared pool (metadata "sharelens.format" is not "%1"); export the pool again.':
        'dies ist kein gemeinsamer ShareLens-Pool (die Metadaten "sharelens.format" sind nicht "%1"); exportieren Sie den Pool erneut.',
    'the pool\'s list of agents (metadata "sharelens.agents") is missing or not a JSON array of names; the pool is damaged. Export it again.':
        'die Agentenliste des Pools (Metadaten "sharelens.agents") fehlt oder ist kein JSON-Array von Namen; der Pool ist beschädigt. Exportieren Sie ihn erneut.',
    'the pool names fewer than two agents; it is damaged. Export it again.':
        'der Pool nennt weniger als zwei Agenten; er ist beschädigt. Exportieren Sie ihn erneut.',
    'a shared pool needs at least two agents':
        'ein gemeinsamer Pool braucht mindestens zwei Agenten',
    '%1 agent names for %2 agents':
        '%1 Agentennamen für %2 Agenten',
    'two agents are named "%1"; give every agent its own name':
        'zwei Agenten heißen "%1"; geben Sie jedem Agenten einen eigenen Namen',
    'the plan was made for %1 agents, but the system has %2':
        'der Plan wurde für %1 Agenten erstellt, aber das System hat %2',
    'internal: a null agent was given to the pool export':
        'intern: dem Pool-Export wurde ein leerer Agent übergeben',
    'the delta %1 is used by several agents; a pool stores shared base tensors only, deltas stay with their agent':
        'das Delta %1 wird von mehreren Agenten verwendet; ein Pool speichert nur geteilte Basistensoren, Deltas bleiben bei ihrem Agenten',
    "cannot create the agent's folder: %1":
        'der Ordner des Agenten kann nicht angelegt werden: %1',
    'no sequences to evaluate: the text or id list is empty':
        'keine Sequenzen zum Auswerten: der Text oder die ID-Liste ist leer',
    'models are saved as F32, F16 or BF16':
        'Modelle werden als F32, F16 oder BF16 gespeichert',
    'cannot create the folder: %1':
        'der Ordner kann nicht angelegt werden: %1',
    'is not a folder':
        'ist kein Ordner',
    "sequence of %1 tokens is longer than the model's context of %2 positions; use a shorter --seq-len":
        'eine Sequenz von %1 Tokens ist länger als der Kontext des Modells von %2 Positionen; verwenden Sie eine kürzere --seq-len',
    'token ids must be a [batch, length] matrix':
        'Token-IDs müssen eine [Batch, Länge]-Matrix sein',
    "%1 must be a number of bytes, optionally with a K, M, G or T suffix (e.g. 512M), got '%2'":
        "%1 muss eine Anzahl von Bytes sein, optional mit der Endung K, M, G oder T (z. B. 512M), erhalten: '%2'",
    '%1 needs about %2 of memory (%3), but only %4 is available; %5':
        '%1 braucht etwa %2 Speicher (%3), aber nur %4 sind verfügbar; %5',
    '%1 needs about %2 of memory (%3), but only %4 is available (SHARELENS_MEMORY_LIMIT); %5':
        '%1 braucht etwa %2 Speicher (%3), aber nur %4 sind verfügbar (SHARELENS_MEMORY_LIMIT); %5',
    'the low-rank delta rank must be 0 or more, got %1':
        'der Rang des Low-Rank-Deltas muss 0 oder mehr sein, erhalten: %1',
    'the sharing plan has no units':
        'der Teilungsplan hat keine Einheiten',
    'the plan shares %1 sub-blocks; shared models support whole-block units only for now (analyze with --units blocks)':
        'der Plan teilt %1-Teilblöcke; geteilte Modelle unterstützen vorerst nur Einheiten aus ganzen Blöcken (analysieren Sie mit --units blocks)',
    'the plan has %1 units but the model has %2 blocks: it was made for another model; analyze this model to make its plan':
        'der Plan hat %1 Einheiten, aber das Modell hat %2 Blöcke: er wurde für ein anderes Modell erstellt; analysieren Sie dieses Modell, um seinen Plan zu erstellen',
    "plan unit %1 ('%2', %3 parameters) does not match block %4 of the model (%5 parameters): the plan was made for another model":
        "Planeinheit %1 ('%2', %3 Parameter) passt nicht zu Block %4 des Modells (%5 Parameter): der Plan wurde für ein anderes Modell erstellt",
    "the plan lists no norm tensors for unit '%1', so norms cannot stay private":
        "der Plan listet keine Norm-Tensoren für Einheit '%1', daher können die Normen nicht privat bleiben",
    'the activations of %1 are constant over the calibration data (zero %2), so its similarity is undefined; use more or more varied calibration text, or another metric':
        'die Aktivierungen von %1 sind über die Kalibrierdaten konstant (null %2), daher ist ihre Ähnlichkeit undefiniert; verwenden Sie mehr oder abwechslungsreicheren Kalibriertext oder ein anderes Maß',
    "the tokenizer's pre-tokenizer regex failed on this text: %1":
        'der reguläre Ausdruck des Pre-Tokenizers ist an diesem Text gescheitert: %1',
    'tokenizer.json has a Split pre-tokenizer with an empty String pattern':
        'tokenizer.json hat einen Split-Pre-Tokenizer mit einem leeren String-Muster',
    'tokenizer.json has a Split pre-tokenizer whose "pattern" is neither {"Regex": ...} nor {"String": ...}; the file is damaged':
        'tokenizer.json hat einen Split-Pre-Tokenizer, dessen "pattern" weder {"Regex": ...} noch {"String": ...} ist; die Datei ist beschädigt',
    'Unicode normalization data (ICU) is unavailable; reinstall libicu':
        'die Unicode-Normalisierungsdaten (ICU) sind nicht verfügbar; installieren Sie libicu neu',
    'Unicode normalization failed: %1':
        'die Unicode-Normalisierung ist fehlgeschlagen: %1',
    "token id %1 is outside this tokenizer's vocabulary (0..%2)":
        'Token-ID %1 liegt außerhalb des Vokabulars dieses Tokenizers (0..%2)',
    'cannot open the tokenizer file; check that it exists and is readable':
        'die Tokenizer-Datei kann nicht geöffnet werden; prüfen Sie, ob sie existiert und lesbar ist',
    'cannot read the tokenizer file; check that it is readable':
        'die Tokenizer-Datei kann nicht gelesen werden; prüfen Sie, ob sie lesbar ist',
    "tokenizer.json is not valid JSON (%1); the file is damaged or truncated. Download the model's tokenizer.json again":
        'tokenizer.json ist kein gültiges JSON (%1); die Datei ist beschädigt oder abgeschnitten. Laden Sie die tokenizer.json des Modells erneut herunter',
    'tokenizer.json has an unexpected structure (%1); the file is damaged or not a Hugging Face tokenizer':
        'tokenizer.json hat eine unerwartete Struktur (%1); die Datei ist beschädigt oder kein Hugging-Face-Tokenizer',
    "token id %1 is outside the byte tokenizer's vocabulary (0..255)":
        'Token-ID %1 liegt außerhalb des Vokabulars des Byte-Tokenizers (0..255)',
    "is not a folder; give the model's folder (the one holding config.json)":
        'ist kein Ordner; geben Sie den Ordner des Modells an (den mit config.json)',
    'no usable tokenizer: %1; and %2':
        'kein nutzbarer Tokenizer: %1; und %2',
    "has no tokenizer.json or tokenizer.model, and the model's vocabulary has %1 entries, so it is not a byte-level model; copy the model's tokenizer files into the folder, or supply pre-tokenized ids":
        'hat weder tokenizer.json noch tokenizer.model, und das Vokabular des Modells hat %1 Einträge, es ist also kein Byte-Level-Modell; kopieren Sie die Tokenizer-Dateien des Modells in den Ordner, oder geben Sie vorab tokenisierte IDs an',
    "the tokenizer has %1 tokens but the model's vocabulary has only %2; the tokenizer belongs to another model. Use the tokenizer files that came with the model":
        'der Tokenizer hat %1 Tokens, aber das Vokabular des Modells hat nur %2; der Tokenizer gehört zu einem anderen Modell. Verwenden Sie die Tokenizer-Dateien, die mit dem Modell kamen',
    'SHARELENS_SPM_HELPER names "%1", which is not an executable file; point it at sharelens-spm or unset it':
        'SHARELENS_SPM_HELPER nennt "%1", das keine ausführbare Datei ist; lassen Sie es auf sharelens-spm zeigen oder entfernen Sie es',
    "reading SentencePiece models needs the helper program sharelens-spm, which was not found (looked at %1); reinstall ShareLens or set SHARELENS_SPM_HELPER to the helper's path":
        'zum Lesen von SentencePiece-Modellen wird das Hilfsprogramm sharelens-spm gebraucht, das nicht gefunden wurde (gesucht in %1); installieren Sie ShareLens neu oder setzen Sie SHARELENS_SPM_HELPER auf den Pfad des Hilfsprogramms',
    'cannot open the SentencePiece model; check that the file exists':
        'das SentencePiece-Modell kann nicht geöffnet werden; prüfen Sie, ob die Datei existiert',
    "the SentencePiece helper (%1) did not answer within %2 s; check that it is ShareLens's sharelens-spm":
        'das SentencePiece-Hilfsprogramm (%1) hat nicht innerhalb von %2 s geantwortet; prüfen Sie, ob es das sharelens-spm von ShareLens ist',
    "the SentencePiece helper (%1) %2 while loading the model; the file is probably not a SentencePiece model (or the helper is not ShareLens's sharelens-spm). Use the model's tokenizer.model or tokenizer.json":
        'das SentencePiece-Hilfsprogramm (%1) %2 beim Laden des Modells; die Datei ist vermutlich kein SentencePiece-Modell (oder das Hilfsprogramm ist nicht das sharelens-spm von ShareLens). Verwenden Sie die tokenizer.model oder tokenizer.json des Modells',
    'is not a usable SentencePiece model (%1); use the tokenizer.model that came with the model':
        'ist kein nutzbares SentencePiece-Modell (%1); verwenden Sie die tokenizer.model, die mit dem Modell kam',
    'cannot create a socket for the SentencePiece helper: %1':
        'für das SentencePiece-Hilfsprogramm kann kein Socket angelegt werden: %1',
    'cannot start the SentencePiece helper %1: %2; reinstall ShareLens or set SHARELENS_SPM_HELPER to a working sharelens-spm':
        'das SentencePiece-Hilfsprogramm %1 kann nicht gestartet werden: %2; installieren Sie ShareLens neu oder setzen Sie SHARELENS_SPM_HELPER auf ein funktionierendes sharelens-spm',
    'text too large for one SentencePiece request (over 1 GiB); split it':
        'der Text ist zu groß für eine SentencePiece-Anfrage (über 1 GiB); teilen Sie ihn auf',
    'the SentencePiece helper is not running (it stopped earlier); reload the tokenizer':
        'das SentencePiece-Hilfsprogramm läuft nicht (es wurde vorher beendet); laden Sie den Tokenizer neu',
    'the SentencePiece helper (%1) %2; reload the tokenizer':
        'das SentencePiece-Hilfsprogramm (%1) %2; laden Sie den Tokenizer neu',
    'SentencePiece could not %1: %2':
        'SentencePiece konnte nicht %1: %2',
    'training stopped at step %1: the loss became NaN; lower the learning rate':
        'das Training wurde bei Schritt %1 beendet: der Verlust wurde NaN; senken Sie die Lernrate',
    'training stopped at step %1: the loss became infinite; lower the learning rate':
        'das Training wurde bei Schritt %1 beendet: der Verlust wurde unendlich; senken Sie die Lernrate',
    'steps must be at least 1':
        'die Anzahl der Schritte muss mindestens 1 sein',
    'sequence length must be at least 2':
        'die Sequenzlänge muss mindestens 2 sein',
    "sequence length %1 exceeds the model's context of %2 tokens":
        'die Sequenzlänge %1 übersteigt den Kontext des Modells von %2 Tokens',
    'learning rate must be a positive number':
        'die Lernrate muss eine positive Zahl sein',
    'the training text has %1 tokens, fewer than one sequence of %2; use a longer text or a shorter sequence length':
        'der Trainingstext hat %1 Tokens, weniger als eine Sequenz von %2; verwenden Sie einen längeren Text oder eine kürzere Sequenzlänge',
    'the validation text has %1 tokens, fewer than one sequence of %2; use a longer text, a larger validation fraction or a shorter sequence length':
        'der Validierungstext hat %1 Tokens, weniger als eine Sequenz von %2; verwenden Sie einen längeren Text, einen größeren Validierungsanteil oder eine kürzere Sequenzlänge',
    '%1 token id %2 is outside the vocabulary':
        '%1 Token-ID %2 liegt außerhalb des Vokabulars',
    "the trainer checkpoint's batch sampler state is damaged":
        'der Zustand des Batch-Samplers im Trainer-Checkpoint ist beschädigt',
    'cannot create the checkpoint folder: %1':
        'der Checkpoint-Ordner kann nicht angelegt werden: %1',
    'no trainer checkpoint to resume from (expected %1); give the folder a run wrote with a checkpoint folder set':
        'kein Trainer-Checkpoint zum Fortsetzen (erwartet: %1); geben Sie den Ordner an, den ein Lauf mit gesetztem Checkpoint-Ordner geschrieben hat',
    'not a ShareLens trainer checkpoint, or a damaged one':
        'kein ShareLens-Trainer-Checkpoint, oder ein beschädigter',
    'not a ShareLens trainer checkpoint of a known version':
        'kein ShareLens-Trainer-Checkpoint einer bekannten Version',
    'the checkpoint was written with %1 = %2, this run has %3; resume with the settings of the run that wrote it':
        'der Checkpoint wurde mit %1 = %2 geschrieben, dieser Lauf hat %3; setzen Sie mit den Einstellungen des Laufs fort, der ihn geschrieben hat',
    'the checkpoint holds %1 models, this run trains %2':
        'der Checkpoint enthält %1 Modelle, dieser Lauf trainiert %2',
    'internal: one batch per trained model expected':
        'intern: ein Batch pro trainiertem Modell erwartet',
    "the checkpoint's model has a different number of parameter tensors than this model":
        'das Modell des Checkpoints hat eine andere Anzahl von Parametertensoren als dieses Modell',
    "the checkpoint's parameter tensor %1 does not match this model's (shape or type)":
        'der Parametertensor %1 des Checkpoints passt nicht zu dem dieses Modells (Form oder Typ)',
    'the checkpoint has no optimizer state':
        'der Checkpoint hat keinen Optimiererzustand',
    'the shared model was not made from the baseline (different vocabulary, layers or width)':
        'das geteilte Modell wurde nicht aus dem Basismodell erzeugt (anderes Vokabular, andere Schichten oder Breite)',
    'the baseline and the shared model must be two models':
        'das Basismodell und das geteilte Modell müssen zwei Modelle sein',
    '%1: "%2" must be an integer from %3 to %4, but it is %5':
        '%1: "%2" muss eine Ganzzahl von %3 bis %4 sein, ist aber %5',
    '%1: expected an object holding "%2", but found an %3':
        '%1: erwartet wird ein Objekt mit "%2", gefunden wurde aber ein %3',
    '%1: expected an object holding "%2", but found a %3':
        '%1: erwartet wird ein Objekt mit "%2", gefunden wurde aber ein %3',
    'sharing plan':
        'Teilungsplan',
    'agents sharing plan':
        'Agenten-Teilungsplan',
    'LibTorch reported: %1':
        'LibTorch meldet: %1',
    'out of memory; use fewer or shorter sequences, or a smaller model':
        'kein Speicher mehr; verwenden Sie weniger oder kürzere Sequenzen oder ein kleineres Modell',
    'the tensor %1 uses': 'verwendet von Tensor %1',
    'the base of a delta': 'die Basis eines Deltas',
    'delta of %1': 'Delta von %1',
    'is not a valid ShareLens session: %1 %2; open a file saved by ShareLens or save the session again':
        'ist keine gültige ShareLens-Sitzung: %1 %2; öffnen Sie eine von ShareLens gespeicherte Datei oder speichern Sie die Sitzung erneut',
    'is not a ShareLens session (not valid JSON: %1)':
        'ist keine ShareLens-Sitzung (kein gültiges JSON: %1)',
    'is not a ShareLens session (no "format": "sharelens-session"); open a .sharelens file saved by ShareLens':
        'ist keine ShareLens-Sitzung (kein "format": "sharelens-session"); öffnen Sie eine von ShareLens gespeicherte .sharelens-Datei',
    'was saved by a newer ShareLens (session version %1; this one reads version %2); update ShareLens to open it':
        'wurde von einem neueren ShareLens gespeichert (Sitzungsversion %1; dieses liest Version %2); aktualisieren Sie ShareLens, um sie zu öffnen',
    'agent %1: %2': 'Agent %1: %2',
    'agent %1: the text gives %2 training and %3 validation tokens, fewer than one sequence of %4 each; choose a longer text or a shorter sequence length':
        'Agent %1: der Text ergibt %2 Trainings- und %3 Validierungstokens, weniger als je eine Sequenz von %4; wählen Sie einen längeren Text oder eine kürzere Sequenzlänge',
    '--seq-len %1 is longer than the model\'s context of %2 tokens':
        '--seq-len %1 ist länger als der Kontext des Modells von %2 Tokens',
    'the output %1 is the file this command reads (%2); it is not replaced. Choose another output path.':
        'die Ausgabe %1 ist die Datei, die dieser Befehl liest (%2); sie wird nicht ersetzt. Wählen Sie einen anderen Ausgabepfad.',
    '%1 exists and is not a %2 written by ShareLens; it is not replaced. Choose another path, or remove it first.':
        '%1 existiert und ist kein von ShareLens geschriebenes %2; es wird nicht ersetzt. Wählen Sie einen anderen Pfad oder entfernen Sie es zuerst.',
    'the folder %1 is not empty and is not a ShareLens %2 export (it has no %3); it is not replaced. Choose a new or empty folder, remove it first, or pass %4 to replace it.':
        'der Ordner %1 ist nicht leer und kein ShareLens-Export (%2) (ihm fehlt %3); er wird nicht ersetzt. Wählen Sie einen neuen oder leeren Ordner, entfernen Sie ihn zuerst, oder geben Sie %4 an, um ihn zu ersetzen.',
    '%1 is %2, not a regular file; ShareLens writes only regular files and never replaces a device, pipe or socket. Choose a file path.':
        '%1 ist %2, keine reguläre Datei; ShareLens schreibt nur reguläre Dateien und ersetzt nie ein Gerät, eine Pipe oder einen Socket. Wählen Sie einen Dateipfad.',
    '%1 is read-only; it is not replaced. Make it writable (chmod u+w) or choose another path.':
        '%1 ist schreibgeschützt; es wird nicht ersetzt. Machen Sie es beschreibbar (chmod u+w) oder wählen Sie einen anderen Pfad.',
    '%1 exists; it is not replaced. Choose another path, or pass %2 to replace it.':
        '%1 existiert; es wird nicht ersetzt. Wählen Sie einen anderen Pfad, oder geben Sie %2 an, um es zu ersetzen.',
    'the JSON nests deeper than %1 levels, which no file ShareLens reads needs; the file is damaged or is not what it claims to be.':
        'das JSON ist tiefer als %1 Ebenen verschachtelt, was keine von ShareLens gelesene Datei braucht; die Datei ist beschädigt oder nicht, was sie zu sein vorgibt.',
    'the pickle inside this checkpoint nests deeper than %1 levels, which no checkpoint needs; the file is damaged or was crafted. Get the checkpoint again, preferably as safetensors.':
        'der Pickle in diesem Checkpoint ist tiefer als %1 Ebenen verschachtelt, was kein Checkpoint braucht; die Datei ist beschädigt oder manipuliert. Holen Sie den Checkpoint erneut, am besten als safetensors.',
    "the pickle inside this checkpoint is %1, more than the %2 a checkpoint's pickle needs; the file is damaged or was crafted. Get the checkpoint again, preferably as safetensors.":
        'der Pickle in diesem Checkpoint ist %1 groß, mehr als die %2, die der Pickle eines Checkpoints braucht; die Datei ist beschädigt oder manipuliert. Holen Sie den Checkpoint erneut, am besten als safetensors.',
    '%1 is %2, not a regular file; give a file that holds %3.':
        '%1 ist %2, keine reguläre Datei; geben Sie eine Datei an, die %3 enthält.',
    'the file is %1, more than the %2 that %3 may be; %4':
        'die Datei ist %1 groß, mehr als die %2, die %3 haben darf; %4',
    'the file is %1, more than the %2 a ShareLens session may hold; it is not a session, or it is damaged.':
        'die Datei ist %1 groß, mehr als die %2, die eine ShareLens-Sitzung enthalten darf; sie ist keine Sitzung oder beschädigt.',
    'there is not enough memory for %1; close other programs, or use a smaller model, batch or text.':
        'es gibt nicht genug Speicher für %1; schließen Sie andere Programme oder verwenden Sie ein kleineres Modell, einen kleineren Batch oder Text.',
    "the tokenizer's pre-tokenizer pattern %1 needs too much matching work on this text (the limit is %2); the pattern is pathological or the tokenizer.json is damaged.":
        'das Vor-Tokenisierungsmuster %1 des Tokenizers braucht auf diesem Text zu viel Suchaufwand (die Grenze ist %2); das Muster ist pathologisch oder die tokenizer.json ist beschädigt.',
    "the tokenizer file exists but cannot be read: %1. Replace it with the model's real tokenizer file, or remove it.":
        'die Tokenizer-Datei existiert, kann aber nicht gelesen werden: %1. Ersetzen Sie sie durch die echte Tokenizer-Datei des Modells oder entfernen Sie sie.',
    'shard %1 listed in %2 is %3, not a file; replace it with the real shard file.':
        'der in %2 aufgeführte Teil %1 ist %3, keine Datei; ersetzen Sie ihn durch die echte Teildatei.',
    'shard %1 listed in %2 is a symbolic link that leads nowhere (a loop or a dangling link); fix the link or replace it with the real shard file.':
        'der in %2 aufgeführte Teil %1 ist ein symbolischer Link, der ins Leere führt (eine Schleife oder ein verwaister Link); reparieren Sie den Link oder ersetzen Sie ihn durch die echte Teildatei.',
    "config.json says %1 is %2, but the weights hold %3; the config does not belong to these weights. Use the checkpoint's own config.json.":
        'config.json gibt %1 als %2 an, aber die Gewichte enthalten %3; die Konfiguration gehört nicht zu diesen Gewichten. Verwenden Sie die config.json des Checkpoints.',
    "the checkpoint holds %1 tensors that a %2 model as configured does not use (%3); the config does not describe these weights. Use the checkpoint's own config.json, or pass --allow-unused to ignore them.":
        'der Checkpoint enthält %1 Tensoren, die ein so konfiguriertes %2-Modell nicht verwendet (%3); die Konfiguration beschreibt diese Gewichte nicht. Verwenden Sie die config.json des Checkpoints oder geben Sie --allow-unused an, um sie zu ignorieren.',
    'the plan names tensor %1, which this model does not have; the plan was made for another model.':
        'der Plan nennt den Tensor %1, den dieses Modell nicht hat; der Plan wurde für ein anderes Modell erstellt.',
    'the loss is not finite (%1); the first non-finite activations appear in %2. The weights hold NaN or infinite values there.':
        'der Verlust ist nicht endlich (%1); die ersten nicht endlichen Aktivierungen treten in %2 auf. Die Gewichte enthalten dort NaN- oder unendliche Werte.',
    'group %1 joins %2 with %3; units of different kinds or shapes cannot share parameters. Make groups of one kind each.':
        'Gruppe %1 verbindet %2 mit %3; Einheiten verschiedener Art oder Form können keine Parameter teilen. Bilden Sie Gruppen aus je einer Art.',
    'a folder':
        'ein Ordner',
    'a FIFO (named pipe)':
        'eine FIFO (benannte Pipe)',
    'a character device':
        'ein Zeichengerät',
    'a block device':
        'ein Blockgerät',
    'a socket':
        'ein Socket',
    'a symbolic link to nothing':
        'ein symbolischer Link ins Leere',
    'a symbolic link loop':
        'eine Schleife symbolischer Links',
    'a special file':
        'eine Spezialdatei',
    'it is %1':
        'es ist %1',
    'the embedding':
        'der Einbettung',
    'block %1':
        'Block %1',
    'block %1 (attention)':
        'Block %1 (Attention)',
    'block %1 (MLP)':
        'Block %1 (MLP)',
    'the final norm':
        'der abschließenden Normierung',
    'the lm head':
        'dem LM-Kopf',
    'the loss computation':
        'der Verlustberechnung',
    '1 layer (block 0)':
        '1 Schicht (Block 0)',
    '%1 layers (blocks 0 to %2)':
        '%1 Schichten (Blöcke 0 bis %2)',
    '%1 = %2 in this %3 config.json is not implemented by this version of ShareLens; loading the model without it would compute a different model. Use a checkpoint without it, or a ShareLens that implements it.':
        '%1 = %2 in dieser %3-config.json ist in dieser ShareLens-Version nicht implementiert; ohne es geladen, würde ein anderes Modell gerechnet. Verwenden Sie einen Checkpoint ohne dieses Feld oder eine ShareLens-Version, die es implementiert.',
    "layer_types lists %1 entries, but the model has %2 layers; the config.json is inconsistent. Use the checkpoint's own config.json.":
        'layer_types nennt %1 Einträge, das Modell hat aber %2 Schichten; die config.json ist widersprüchlich. Verwenden Sie die config.json des Checkpoints.',
    "%1 in this %2 config.json is %3, which is not valid (%4); the config.json is damaged. Use the checkpoint's own config.json.":
        '%1 in dieser %2-config.json ist %3, was nicht gültig ist (%4); die config.json ist beschädigt. Verwenden Sie die config.json des Checkpoints.',
    'group %1 ties layer %2 (%3) with layer %4 (%5); layers of different attention types attend differently and should not share parameters. Make groups of one attention type, or pass --allow-mixed-attention to tie them anyway.':
        'Gruppe %1 verbindet Schicht %2 (%3) mit Schicht %4 (%5); Schichten verschiedener Attention-Arten arbeiten verschieden und sollten keine Parameter teilen. Bilden Sie Gruppen einer Attention-Art oder übergeben Sie --allow-mixed-attention, um sie dennoch zu verbinden.',
    'local sliding-window attention':
        'lokale Sliding-Window-Attention',
    'global attention':
        'globale Attention',
    'tokenizer.json uses %1 "%2", which this version of ShareLens does not implement; its ids would differ from the model\'s own. Use the model\'s tokenizer.model, or pre-tokenized ids (--token-ids).':
        'tokenizer.json verwendet %1 „%2“, das diese ShareLens-Version nicht implementiert; die Token-IDs wichen von denen des Modells ab. Verwenden Sie das tokenizer.model des Modells oder vorab tokenisierte IDs (--token-ids).',
    "tokenizer_config.json's %1 is %2, not %3; the file is damaged. Use the tokenizer_config.json that came with the model.":
        '%1 in tokenizer_config.json ist %2, nicht %3; die Datei ist beschädigt. Verwenden Sie die tokenizer_config.json, die mit dem Modell kam.',
    'the file does not start with GGUF\'s magic bytes "GGUF"; it is not a GGUF file.':
        'die Datei beginnt nicht mit den GGUF-Kennbytes „GGUF“; sie ist keine GGUF-Datei.',
    'the file is GGUF version %1, which ShareLens does not read (it reads versions 2 and 3); convert the model again with a current llama.cpp, or use its safetensors.':
        'die Datei hat GGUF-Version %1, die ShareLens nicht liest (es liest die Versionen 2 und 3); konvertieren Sie das Modell erneut mit einem aktuellen llama.cpp oder verwenden Sie seine safetensors-Dateien.',
    'the GGUF file ends inside %1 (at byte %2 of %3); the file is truncated. Download it again.':
        'die GGUF-Datei endet mitten in %1 (bei Byte %2 von %3); die Datei ist abgeschnitten. Laden Sie sie erneut herunter.',
    "tensor %1's data (bytes %2 to %3) lies past the end of the file (%4 bytes); the file is truncated or damaged. Download it again.":
        'die Daten von Tensor %1 (Bytes %2 bis %3) liegen hinter dem Dateiende (%4 Bytes); die Datei ist abgeschnitten oder beschädigt. Laden Sie sie erneut herunter.',
    'tensor %1 is stored as %2, which ShareLens does not read (it reads F32, F16, BF16 and Q8_0); convert the model with llama.cpp to one of these types, or use its safetensors.':
        'Tensor %1 ist als %2 gespeichert, was ShareLens nicht liest (es liest F32, F16, BF16 und Q8_0); konvertieren Sie das Modell mit llama.cpp in einen dieser Typen oder verwenden Sie seine safetensors-Dateien.',
    'the GGUF file holds a "%1" model; ShareLens reads %2 from GGUF. Use the model\'s safetensors checkpoint.':
        'die GGUF-Datei enthält ein „%1“-Modell; ShareLens liest %2 aus GGUF. Verwenden Sie den safetensors-Checkpoint des Modells.',
    'the GGUF metadata lacks %1, which a %2 model needs; the file is incomplete. Convert the model again.':
        'in den GGUF-Metadaten fehlt %1, das ein %2-Modell braucht; die Datei ist unvollständig. Konvertieren Sie das Modell erneut.',
    'GGUF metadata %1 is %2, expected %3; the file is damaged.':
        'die GGUF-Metadaten %1 sind %2, erwartet wurde %3; die Datei ist beschädigt.',
    'the GGUF header is invalid: %1; the file is damaged or was crafted.':
        'der GGUF-Kopf ist ungültig: %1; die Datei ist beschädigt oder manipuliert.',
    'the GGUF vocabulary is of type "%1"; ShareLens reads "gpt2" (byte-level BPE) and "llama" (SentencePiece) vocabularies. Give pre-tokenized ids (--token-ids).':
        'das GGUF-Vokabular hat den Typ „%1“; ShareLens liest Vokabulare vom Typ „gpt2“ (Byte-Level-BPE) und „llama“ (SentencePiece). Geben Sie vorab tokenisierte IDs an (--token-ids).',
    'give the text to tokenize: --text FILE or --string S (one of them).':
        'geben Sie den zu tokenisierenden Text an: --text DATEI oder --string S (eines davon).',
    '%1 has no tokenizer (no tokenizer.json, tokenizer.model or GGUF vocabulary); give the model folder with its tokenizer, or a tokenizer.json.':
        '%1 hat keinen Tokenizer (kein tokenizer.json, tokenizer.model oder GGUF-Vokabular); geben Sie den Modellordner mit seinem Tokenizer oder eine tokenizer.json an.',
    'the id list holds no sequences; a token-id file is a JSON array of sequences, e.g. [[15, 7, 99], [3, 4]].':
        'die ID-Liste enthält keine Sequenzen; eine Token-ID-Datei ist ein JSON-Array von Sequenzen, z. B. [[15, 7, 99], [3, 4]].',
    "the GGUF file uses %1, which ShareLens does not implement for GGUF; the model would compute differently. Use the model's safetensors checkpoint.":
        'die GGUF-Datei verwendet %1, was ShareLens für GGUF nicht implementiert; das Modell würde anders rechnen. Verwenden Sie den safetensors-Checkpoint des Modells.',
    'the GGUF vocabulary uses the pre-tokenizer "%1" (tokenizer.ggml.pre), which ShareLens does not implement; its ids would differ from the model\'s own. Use the model\'s tokenizer.json, or pre-tokenized ids (--token-ids).':
        'das GGUF-Vokabular verwendet den Prä-Tokenizer „%1“ (tokenizer.ggml.pre), den ShareLens nicht implementiert; die Token-IDs wichen von denen des Modells ab. Verwenden Sie die tokenizer.json des Modells oder vorab tokenisierte IDs (--token-ids).',
    "line %1 is not a point of a pruning curve (strategy,removed,threshold,parameters,loss); give the curve.csv that 'sharelens-cli curve' writes":
        "Zeile %1 ist kein Punkt einer Beschneidungskurve (strategy,removed,threshold,parameters,loss); geben Sie die curve.csv an, die 'sharelens-cli curve' schreibt",
    "the file has no %1; give the analysis.json that 'sharelens-cli analyze' writes":
        "die Datei enthält keine %1; geben Sie die analysis.json an, die 'sharelens-cli analyze' schreibt",
    'square similarity matrix':
        'quadratische Ähnlichkeitsmatrix',
    'numeric similarity matrix':
        'numerische Ähnlichkeitsmatrix',
    "--thresholds must be a comma-separated list of distances in [0, 2], got '%1'":
        "--thresholds muss eine kommagetrennte Liste von Distanzen in [0, 2] sein, erhalten: '%1'",
    'the analysis has %1 units but the model has %2; give the analysis.json made for this model':
        'die Analyse hat %1 Einheiten, aber das Modell hat %2; geben Sie die für dieses Modell erstellte analysis.json an',
    "has no importance; give the analysis.json of 'sharelens-cli analyze --importance'":
        "enthält keine Wichtigkeit; geben Sie die analysis.json von 'sharelens-cli analyze --importance' an",
    'importance.angular_distance has no list for n = %1; run analyze --importance again':
        'importance.angular_distance enthält keine Liste für n = %1; führen Sie analyze --importance erneut aus',
    "%1 must be a whole number from %2 to %3, got '%4'":
        "%1 muss eine ganze Zahl von %2 bis %3 sein, erhalten: '%4'",
    "--compute must be f32 or bf16, got '%1'":
        "--compute muss f32 oder bf16 sein, erhalten: '%1'",
    "--distill must be none, logits, hidden or both, got '%1'":
        "--distill muss none, logits, hidden oder both sein, erhalten: '%1'",
    "--distill-temperature must be greater than 0 (1 = the models' own distributions, 2 to 4 = softer), got %1":
        '--distill-temperature muss größer als 0 sein (1 = die eigenen Verteilungen der Modelle, 2 bis 4 = weicher), erhalten: %1',
    '--distill trains one shared model against its unshared original; it is not available for several models (agents)':
        '--distill trainiert ein geteiltes Modell gegen sein ungeteiltes Original; für mehrere Modelle (Agenten) gibt es das nicht',
    '--removal-steps needs the leave-one-out losses; leave out --no-leave-one-out':
        '--removal-steps braucht die Leave-one-out-Verluste; lassen Sie --no-leave-one-out weg',
    '--importance is for one MODEL; agents mode has no importance':
        '--importance gilt für ein einzelnes MODEL; im Agentenmodus gibt es keine Wichtigkeit',
    '--launch starts its own workers: leave it out when torchrun or mpirun starts the ranks (WORLD_SIZE is set)':
        '--launch startet eigene Worker-Prozesse: lassen Sie es weg, wenn torchrun oder mpirun die Ränge startet (WORLD_SIZE ist gesetzt)',
    '--launch found no free TCP port on 127.0.0.1: %1':
        '--launch hat auf 127.0.0.1 keinen freien TCP-Port gefunden: %1',
    '--launch could not start a worker process: %1':
        '--launch konnte keinen Worker-Prozess starten: %1',
    '--launch cannot find its own executable (/proc/self/exe)':
        '--launch findet seine eigene ausführbare Datei nicht (/proc/self/exe)',
    'rank %1 of %2':
        'Rang %1 von %2',
    '%1 is not set: a distributed run needs RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT (as torchrun sets them), or --launch N on one machine':
        '%1 ist nicht gesetzt: ein verteilter Lauf braucht RANK, WORLD_SIZE, MASTER_ADDR und MASTER_PORT (wie torchrun sie setzt) oder --launch N auf einem Rechner',
    '%1 cannot host the rendezvous at %2 (%3); choose a free MASTER_PORT':
        '%1 kann den Rendezvous-Dienst unter %2 nicht starten (%3); wählen Sie einen freien MASTER_PORT',
    '%1: rank 0 never answered at %2 within %3 s (SHARELENS_DIST_TIMEOUT); start rank 0 or check MASTER_ADDR and MASTER_PORT':
        '%1: Rang 0 hat unter %2 nicht innerhalb von %3 s geantwortet (SHARELENS_DIST_TIMEOUT); starten Sie Rang 0 oder prüfen Sie MASTER_ADDR und MASTER_PORT',
    '%1: the group did not form within %2 s (SHARELENS_DIST_TIMEOUT): rank %3 never arrived at %4; start every rank with the same MASTER_ADDR, MASTER_PORT and WORLD_SIZE':
        '%1: die Gruppe kam nicht innerhalb von %2 s zustande (SHARELENS_DIST_TIMEOUT): Rang %3 ist nie bei %4 angekommen; starten Sie jeden Rang mit denselben Werten für MASTER_ADDR, MASTER_PORT und WORLD_SIZE',
    '%1: the Gloo process group could not connect (%2); set GLOO_SOCKET_IFNAME to the network interface the ranks reach each other on':
        '%1: die Gloo-Prozessgruppe konnte keine Verbindung herstellen (%2); setzen Sie GLOO_SOCKET_IFNAME auf die Netzwerkschnittstelle, über die sich die Ränge erreichen',
    '%1 stopped during %2: %3; every rank stops (resume a fine-tune from its last checkpoint with --resume)':
        '%1 brach während %2 ab: %3; alle Ränge brechen ab (setzen Sie ein Feintuning mit --resume an seinem letzten Checkpoint fort)',
    'the batch (%1 sequences) is smaller than the number of processes (%2): give --batch %2 or more':
        'der Batch (%1 Sequenzen) ist kleiner als die Anzahl der Prozesse (%2): geben Sie --batch %2 oder mehr an',
    "the distillation temperature must be a positive number (1 = the models' own distributions, 2 to 4 = softer), got %1":
        'die Destillationstemperatur muss eine positive Zahl sein (1 = die eigenen Verteilungen der Modelle, 2 bis 4 = weicher), erhalten: %1',
    'the distillation weight must be between 0 and 1 (the share of the KL term; the cross-entropy gets the rest), got %1':
        'das Destillationsgewicht muss zwischen 0 und 1 liegen (der Anteil des KL-Terms; die Kreuzentropie erhält den Rest), erhalten: %1',
    'the hidden-state distillation weight must be a number of 0 or more, got %1':
        'das Gewicht der Destillation der verborgenen Zustände muss eine Zahl von 0 oder mehr sein, erhalten: %1',
    'distillation (%1) needs the unshared model as its teacher; none was given':
        'die Destillation (%1) braucht das ungeteilte Modell als Lehrer; es wurde keines angegeben',
    'the distillation teacher (%1 layers, hidden %2, vocabulary %3) does not match the model it teaches (%4 layers, hidden %5, vocabulary %6); distil from the model the shared one was made from':
        'der Destillationslehrer (%1 Schichten, verborgene Größe %2, Vokabular %3) passt nicht zu dem Modell, das er lehrt (%4 Schichten, verborgene Größe %5, Vokabular %6); destillieren Sie aus dem Modell, aus dem das geteilte erstellt wurde',
    '--train shared trains the shared groups of a shared model, but this model was not built from a sharing plan; use --train all':
        '--train shared trainiert die geteilten Gruppen eines geteilten Modells, aber dieses Modell wurde nicht aus einem Teilungsplan gebaut; verwenden Sie --train all',
    '--train shared has nothing to train: the plan has no group of two or more units; use --train all or a plan that shares layers':
        '--train shared hat nichts zu trainieren: der Plan hat keine Gruppe aus zwei oder mehr Einheiten; verwenden Sie --train all oder einen Plan, der Schichten teilt',
    'line %1: %2':
        'Zeile %1: %2',
    'the task file holds no items; each line is {"context": "...", "choices": ["...", "..."], "label": 0}':
        'die Aufgabendatei enthält keine Aufgaben; jede Zeile ist {"context": "...", "choices": ["...", "..."], "label": 0}',
    'the context is empty and the tokenizer adds no BOS, so nothing predicts the first token of a choice; give some context':
        'der Kontext ist leer und der Tokenizer fügt kein BOS hinzu, sodass nichts das erste Token einer Antwort vorhersagen kann; geben Sie etwas Kontext an',
    "choice %1 is %2 tokens; it needs 1 to %3 (the model's context)":
        'Antwort %1 ist %2 Tokens lang; sie muss 1 bis %3 Tokens lang sein (der Kontext des Modells)',
    "--window %1 must be 2 to %2 (the model's context)":
        '--window %1 muss zwischen 2 und %2 liegen (der Kontext des Modells)',
    '--stride %1 must be 1 to the window (%2); a stride longer than the window would skip tokens':
        '--stride %1 muss zwischen 1 und dem Fenster (%2) liegen; ein Schritt, der länger als das Fenster ist, würde Tokens überspringen',
    'cannot replace %1 of %2 blocks by a linear map: the span must be 1..%3 blocks long':
        '%1 von %2 Blöcken können nicht durch eine lineare Abbildung ersetzt werden: der Abschnitt muss 1..%3 Blöcke lang sein',
    'the span of blocks %1..%2 to replace is out of range: the model has blocks 0..%3; choose a start of at most %4':
        'der zu ersetzende Abschnitt aus den Blöcken %1..%2 liegt außerhalb des Bereichs: das Modell hat die Blöcke 0..%3; wählen Sie einen Anfang von höchstens %4',
    'the calibration activations do not determine the linear map (X^T X is singular even with a ridge); use more or longer calibration sequences':
        'die Kalibrieraktivierungen bestimmen die lineare Abbildung nicht (X^T X ist selbst mit Ridge-Term singulär); verwenden Sie mehr oder längere Kalibriersequenzen',
    "the linear map is %1 x %1 but the model's hidden size is %2; fit it on this model":
        'die lineare Abbildung ist %1 x %1, aber die verborgene Größe des Modells ist %2; bestimmen Sie sie für dieses Modell neu',
    "%1 names an unknown baseline '%2'; give a comma-separated list of %3":
        "%1 nennt ein unbekanntes Vergleichsverfahren '%2'; geben Sie eine kommagetrennte Liste aus %3 an",
    "the baseline '%1' removes blocks by their importance, which the plan file does not hold; run 'sharelens-cli analyze --importance' and give its analysis.json to --plan":
        "das Vergleichsverfahren '%1' entfernt Blöcke nach ihrer Wichtigkeit, die die Plandatei nicht enthält; führen Sie 'sharelens-cli analyze --importance' aus und geben Sie dessen analysis.json bei --plan an",
    'the importance in the plan file has %1 blocks but the model has %2; give the analysis.json made for this model':
        'die Wichtigkeit in der Plandatei umfasst %1 Blöcke, aber das Modell hat %2; geben Sie die für dieses Modell erstellte analysis.json an',
    'a residual stream has zero norm for some calibration token, so its cosine and angular distance are undefined; use other calibration text':
        'ein Residualstrom hat für ein Kalibriertoken die Norm null, daher sind sein Kosinus und sein Winkelabstand undefiniert; verwenden Sie einen anderen Kalibriertext',
    'cannot remove %1 of %2 blocks by importance: the count must be in 0..%3; use a plan that keeps at least one block':
        '%1 von %2 Blöcken können nicht nach Wichtigkeit entfernt werden: die Anzahl muss in 0..%3 liegen; verwenden Sie einen Plan, der mindestens einen Block behält',
    "the workers' analysis has %1 similarity rows for %2 units; the file is damaged, run the analysis again":
        'die Analyse der Worker hat %1 Ähnlichkeitszeilen für %2 Einheiten; die Datei ist beschädigt, führen Sie die Analyse erneut aus',
    "the workers' analysis names an unknown metric '%1' or unit kind '%2'; use the sharelens-cli that came with this ShareLens":
        "die Analyse der Worker nennt eine unbekannte Metrik '%1' oder Einheitenart '%2'; verwenden Sie das sharelens-cli, das zu diesem ShareLens gehört",
}
