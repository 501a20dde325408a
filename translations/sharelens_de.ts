<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name></name>
    <message>
        <source>Capturing activations</source>
        <translation>Aktivierungen werden erfasst</translation>
    </message>
    <message>
        <source>Computing similarity</source>
        <translation>Ähnlichkeit wird berechnet</translation>
    </message>
    <message>
        <source>Leave-one-out loss</source>
        <translation>Verlust ohne den Block</translation>
    </message>
    <message>
        <source>Training the baseline</source>
        <translation>Training des Basismodells</translation>
    </message>
    <message>
        <source>Training the shared model</source>
        <translation>Training des geteilten Modells</translation>
    </message>
    <message>
        <source>Reading the text</source>
        <translation>Text wird gelesen</translation>
    </message>
    <message>
        <source>Building the shared model</source>
        <translation>Geteiltes Modell wird gebaut</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Comparing at the same budget</source>
        <translation>Vergleich beim selben Budget</translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation>Modell wird geladen</translation>
    </message>
</context>
<context>
    <name>ReplaceFolder</name>
    <message>
        <source>Replace the folder?</source>
        <translation>Den Ordner ersetzen?</translation>
    </message>
    <message>
        <source>The folder %1 is not empty and is not a ShareLens export.</source>
        <translation>Der Ordner %1 ist nicht leer und kein ShareLens-Export.</translation>
    </message>
    <message>
        <source>Replace it? All its contents are deleted.</source>
        <translation>Ersetzen? Sein gesamter Inhalt wird gelöscht.</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Ersetzen</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Layer similarity and parameter sharing</source>
        <translation>Schichtähnlichkeit und Parameterteilung</translation>
    </message>
    <message>
        <source>Open the built-in demo model.</source>
        <translation>Das eingebaute Demomodell öffnen.</translation>
    </message>
    <message>
        <source>A model folder, or a session file (.sharelens), to open.</source>
        <translation>Ein zu öffnender Modellordner oder eine Sitzungsdatei (.sharelens).</translation>
    </message>
</context>
<context>
    <name>sharelens::Error</name>
    <message>
        <source>%1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>this is a folder, not a safetensors file.</source>
        <translation>dies ist ein Ordner, keine safetensors-Datei.</translation>
    </message>
    <message>
        <source>this is not a regular file.</source>
        <translation>dies ist keine reguläre Datei.</translation>
    </message>
    <message>
        <source>the file does not exist.</source>
        <translation>die Datei existiert nicht.</translation>
    </message>
    <message>
        <source>permission denied; make the file readable.</source>
        <translation>Zugriff verweigert; machen Sie die Datei lesbar.</translation>
    </message>
    <message>
        <source>a part of this path is not a folder.</source>
        <translation>ein Teil dieses Pfads ist kein Ordner.</translation>
    </message>
    <message>
        <source>cannot open the file: %1.</source>
        <translation>die Datei kann nicht geöffnet werden: %1.</translation>
    </message>
    <message>
        <source>cannot inspect the file: %1.</source>
        <translation>die Datei kann nicht untersucht werden: %1.</translation>
    </message>
    <message>
        <source>the file is %1 bytes long, too short to hold the 8-byte safetensors header length. This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.</source>
        <translation>die Datei ist %1 Bytes lang, zu kurz für die 8 Bytes lange Kopflänge einer safetensors-Datei. Dies ist keine safetensors-Datei, oder sie wurde abgeschnitten (ein unterbrochener Download oder Kopiervorgang?); holen Sie die Datei erneut.</translation>
    </message>
    <message>
        <source>internal error: fewer than 8 bytes of the file were given to the header parser</source>
        <translation>interner Fehler: dem Kopf-Parser wurden weniger als 8 Bytes der Datei übergeben</translation>
    </message>
    <message>
        <source>the header length field says %1 bytes, which is absurdly large (the limit is 100 MB). This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.</source>
        <translation>das Feld für die Kopflänge nennt %1 Bytes, was absurd groß ist (die Grenze ist 100 MB). Dies ist keine safetensors-Datei, oder sie wurde abgeschnitten (ein unterbrochener Download oder Kopiervorgang?); holen Sie die Datei erneut.</translation>
    </message>
    <message>
        <source>the header length field says %1 bytes, past the end of the file (%2 bytes). This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.</source>
        <translation>das Feld für die Kopflänge nennt %1 Bytes, mehr als die Datei lang ist (%2 Bytes). Dies ist keine safetensors-Datei, oder sie wurde abgeschnitten (ein unterbrochener Download oder Kopiervorgang?); holen Sie die Datei erneut.</translation>
    </message>
    <message>
        <source>the JSON header is %1 bytes long, too short to be a JSON object. This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.</source>
        <translation>der JSON-Kopf ist %1 Bytes lang, zu kurz für ein JSON-Objekt. Dies ist keine safetensors-Datei, oder sie wurde abgeschnitten (ein unterbrochener Download oder Kopiervorgang?); holen Sie die Datei erneut.</translation>
    </message>
    <message>
        <source>internal error: only %1 bytes of the file were given to the header parser, which needs %2</source>
        <translation>interner Fehler: dem Kopf-Parser wurden nur %1 Bytes der Datei übergeben, er braucht %2</translation>
    </message>
    <message>
        <source>the header is not valid JSON (%1). This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.</source>
        <translation>der Kopf ist kein gültiges JSON (%1). Dies ist keine safetensors-Datei, oder sie wurde abgeschnitten (ein unterbrochener Download oder Kopiervorgang?); holen Sie die Datei erneut.</translation>
    </message>
    <message>
        <source>the header is JSON but not an object (it is %1); a safetensors header maps tensor names to their dtype, shape and data_offsets.</source>
        <translation>der Kopf ist JSON, aber kein Objekt (er ist %1); ein safetensors-Kopf ordnet Tensornamen ihren dtype, shape und data_offsets zu.</translation>
    </message>
    <message>
        <source>&quot;__metadata__&quot; must be an object mapping strings to strings, but it is %1.</source>
        <translation>&quot;__metadata__&quot; muss ein Objekt sein, das Zeichenketten auf Zeichenketten abbildet, ist aber %1.</translation>
    </message>
    <message>
        <source>&quot;__metadata__&quot; entry %1 must be a string, but it is %2; safetensors metadata maps strings to strings.</source>
        <translation>der &quot;__metadata__&quot;-Eintrag %1 muss eine Zeichenkette sein, ist aber %2; safetensors-Metadaten bilden Zeichenketten auf Zeichenketten ab.</translation>
    </message>
    <message>
        <source>tensor %1 is described by %2 instead of an object with dtype, shape and data_offsets.</source>
        <translation>Tensor %1 wird durch %2 beschrieben statt durch ein Objekt mit dtype, shape und data_offsets.</translation>
    </message>
    <message>
        <source>tensor %1 has no &quot;dtype&quot;.</source>
        <translation>Tensor %1 hat kein &quot;dtype&quot;.</translation>
    </message>
    <message>
        <source>tensor %1: &quot;dtype&quot; must be a string, but it is %2.</source>
        <translation>Tensor %1: &quot;dtype&quot; muss eine Zeichenkette sein, ist aber %2.</translation>
    </message>
    <message>
        <source>tensor %1 has dtype %2, which ShareLens does not support. Supported dtypes: %3. Convert the checkpoint to one of them (e.g. F16 or F32).</source>
        <translation>Tensor %1 hat den dtype %2, den ShareLens nicht unterstützt. Unterstützte dtypes: %3. Wandeln Sie den Checkpoint in einen davon um (z. B. F16 oder F32).</translation>
    </message>
    <message>
        <source>tensor %1 has no &quot;shape&quot;.</source>
        <translation>Tensor %1 hat kein &quot;shape&quot;.</translation>
    </message>
    <message>
        <source>tensor %1: &quot;shape&quot; must be an array of integers, but it is %2.</source>
        <translation>Tensor %1: &quot;shape&quot; muss ein Array von Ganzzahlen sein, ist aber %2.</translation>
    </message>
    <message>
        <source>tensor %1 has a dimension too large to be real: %2.</source>
        <translation>Tensor %1 hat eine Dimension, die zu groß ist, um echt zu sein: %2.</translation>
    </message>
    <message>
        <source>tensor %1 has a negative dimension %2 in its shape.</source>
        <translation>Tensor %1 hat die negative Dimension %2 in seiner Form.</translation>
    </message>
    <message>
        <source>tensor %1: &quot;shape&quot; must hold integers, but it holds %2.</source>
        <translation>Tensor %1: &quot;shape&quot; muss Ganzzahlen enthalten, enthält aber %2.</translation>
    </message>
    <message>
        <source>tensor %1 has no &quot;data_offsets&quot;.</source>
        <translation>Tensor %1 hat keine &quot;data_offsets&quot;.</translation>
    </message>
    <message>
        <source>tensor %1: &quot;data_offsets&quot; must be an array of two integers [begin, end].</source>
        <translation>Tensor %1: &quot;data_offsets&quot; muss ein Array aus zwei Ganzzahlen [Anfang, Ende] sein.</translation>
    </message>
    <message>
        <source>tensor %1: &quot;data_offsets&quot; must be two non-negative integers [begin, end].</source>
        <translation>Tensor %1: &quot;data_offsets&quot; müssen zwei nicht negative Ganzzahlen [Anfang, Ende] sein.</translation>
    </message>
    <message>
        <source>tensor %1 has data_offsets [%2, %3] that end before they begin.</source>
        <translation>Tensor %1 hat data_offsets [%2, %3], die enden, bevor sie beginnen.</translation>
    </message>
    <message>
        <source>tensor %1 has shape %2 whose size in bytes overflows.</source>
        <translation>Tensor %1 hat die Form %2, deren Größe in Bytes überläuft.</translation>
    </message>
    <message>
        <source>tensor %1 has %2 bytes in data_offsets [%3, %4], but %5 with shape %6 needs %7 bytes.</source>
        <translation>Tensor %1 hat %2 Bytes in data_offsets [%3, %4], aber %5 mit der Form %6 braucht %7 Bytes.</translation>
    </message>
    <message>
        <source>tensor %1 ends at data offset %2, beyond the data section (%3 bytes); the file is truncated or its header is wrong.</source>
        <translation>Tensor %1 endet bei Datenoffset %2, hinter dem Datenbereich (%3 Bytes); die Datei ist abgeschnitten oder ihr Kopf ist falsch.</translation>
    </message>
    <message>
        <source>tensors %1 [%2, %3) and %4 [%5, %6) overlap in the data section; the header is corrupt.</source>
        <translation>die Tensoren %1 [%2, %3) und %4 [%5, %6) überlappen im Datenbereich; der Kopf ist beschädigt.</translation>
    </message>
    <message>
        <source>cannot read the file: %1.</source>
        <translation>die Datei kann nicht gelesen werden: %1.</translation>
    </message>
    <message>
        <source>the file shrank while it was being read.</source>
        <translation>die Datei ist während des Lesens geschrumpft.</translation>
    </message>
    <message>
        <source>cannot map the file into memory: %1.</source>
        <translation>die Datei kann nicht in den Speicher abgebildet werden: %1.</translation>
    </message>
    <message>
        <source>cannot write tensor %1: its name is empty.</source>
        <translation>Tensor %1 kann nicht geschrieben werden: sein Name ist leer.</translation>
    </message>
    <message>
        <source>cannot write tensor %1 (%2): the name &quot;__metadata__&quot; is reserved by the format.</source>
        <translation>Tensor %1 (%2) kann nicht geschrieben werden: der Name &quot;__metadata__&quot; ist vom Format reserviert.</translation>
    </message>
    <message>
        <source>cannot write tensor %1 (%2): another tensor already has this name.</source>
        <translation>Tensor %1 (%2) kann nicht geschrieben werden: ein anderer Tensor hat schon diesen Namen.</translation>
    </message>
    <message>
        <source>cannot write tensor %1 (%2): shape %3 has a negative dimension or is too large.</source>
        <translation>Tensor %1 (%2) kann nicht geschrieben werden: die Form %3 hat eine negative Dimension oder ist zu groß.</translation>
    </message>
    <message>
        <source>cannot write tensor %1 (%2): it has no data.</source>
        <translation>Tensor %1 (%2) kann nicht geschrieben werden: er hat keine Daten.</translation>
    </message>
    <message>
        <source>cannot write tensor %1 (%2): it is too large.</source>
        <translation>Tensor %1 (%2) kann nicht geschrieben werden: er ist zu groß.</translation>
    </message>
    <message>
        <source>cannot write the header: a tensor name or metadata string is not valid UTF-8 (%1).</source>
        <translation>der Kopf kann nicht geschrieben werden: ein Tensorname oder eine Metadaten-Zeichenkette ist kein gültiges UTF-8 (%1).</translation>
    </message>
    <message>
        <source>hidden size</source>
        <translation>verborgene Größe</translation>
    </message>
    <message>
        <source>number of layers</source>
        <translation>Anzahl der Schichten</translation>
    </message>
    <message>
        <source>number of attention heads</source>
        <translation>Anzahl der Attention-Heads</translation>
    </message>
    <message>
        <source>vocabulary size</source>
        <translation>Vokabulargröße</translation>
    </message>
    <message>
        <source>maximum sequence length</source>
        <translation>maximale Sequenzlänge</translation>
    </message>
    <message>
        <source>MLP width</source>
        <translation>MLP-Breite</translation>
    </message>
    <message>
        <source>number of key/value heads</source>
        <translation>Anzahl der Key/Value-Heads</translation>
    </message>
    <message>
        <source>size of one attention head</source>
        <translation>Größe eines Attention-Heads</translation>
    </message>
    <message>
        <source>attention window</source>
        <translation>Attention-Fenster</translation>
    </message>
    <message>
        <source>&quot;%1&quot; (%2) is %3, which is too large.</source>
        <translation>&quot;%1&quot; (%2) ist %3, das ist zu groß.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; (%2) must be an integer, but it is %3.</source>
        <translation>&quot;%1&quot; (%2) muss eine Ganzzahl sein, ist aber %3.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; (%2) is missing; a %3 config.json needs it. Is the file complete?</source>
        <translation>&quot;%1&quot; (%2) fehlt; eine %3-config.json braucht es. Ist die Datei vollständig?</translation>
    </message>
    <message>
        <source>&quot;%1&quot; (%2) must be positive, but it is %3.</source>
        <translation>&quot;%1&quot; (%2) muss positiv sein, ist aber %3.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a number, but it is %2.</source>
        <translation>&quot;%1&quot; muss eine Zahl sein, ist aber %2.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a positive number, but it is %2.</source>
        <translation>&quot;%1&quot; muss eine positive Zahl sein, ist aber %2.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be true or false, but it is %2.</source>
        <translation>&quot;%1&quot; muss true oder false sein, ist aber %2.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a string, but it is %2.</source>
        <translation>&quot;%1&quot; muss eine Zeichenkette sein, ist aber %2.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a non-negative integer token id, but it is %2.</source>
        <translation>&quot;%1&quot; muss eine nicht negative ganzzahlige Token-ID sein, ist aber %2.</translation>
    </message>
    <message>
        <source>&quot;rope_scaling&quot; must be null or an object, but it is %1.</source>
        <translation>&quot;rope_scaling&quot; muss null oder ein Objekt sein, ist aber %1.</translation>
    </message>
    <message>
        <source>&quot;rope_scaling&quot;.%1 must be a string.</source>
        <translation>&quot;rope_scaling&quot;.%1 muss eine Zeichenkette sein.</translation>
    </message>
    <message>
        <source>&quot;rope_scaling&quot; has no &quot;rope_type&quot; (or &quot;type&quot;); expected &quot;linear&quot; or &quot;llama3&quot;.</source>
        <translation>&quot;rope_scaling&quot; hat kein &quot;rope_type&quot; (oder &quot;type&quot;); erwartet wird &quot;linear&quot; oder &quot;llama3&quot;.</translation>
    </message>
    <message>
        <source>&quot;rope_scaling&quot; type &quot;%1&quot; is not supported; ShareLens supports no scaling (null), &quot;linear&quot; and &quot;llama3&quot;.</source>
        <translation>&quot;rope_scaling&quot; vom Typ &quot;%1&quot; wird nicht unterstützt; ShareLens unterstützt keine Skalierung (null), &quot;linear&quot; und &quot;llama3&quot;.</translation>
    </message>
    <message>
        <source>&quot;rope_scaling&quot; of type &quot;%1&quot; needs &quot;%2&quot;.</source>
        <translation>&quot;rope_scaling&quot; vom Typ &quot;%1&quot; braucht &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>&quot;rope_scaling&quot;.%1 must be a positive number, but it is %2.</source>
        <translation>&quot;rope_scaling&quot;.%1 muss eine positive Zahl sein, ist aber %2.</translation>
    </message>
    <message>
        <source>&quot;rope_scaling&quot;.original_max_position_embeddings must be a positive integer.</source>
        <translation>&quot;rope_scaling&quot;.original_max_position_embeddings muss eine positive Ganzzahl sein.</translation>
    </message>
    <message>
        <source>&quot;n_positions&quot; (maximum sequence length) is missing; a GPT-2 config.json needs it (or &quot;n_ctx&quot;).</source>
        <translation>&quot;n_positions&quot; (maximale Sequenzlänge) fehlt; eine GPT-2-config.json braucht es (oder &quot;n_ctx&quot;).</translation>
    </message>
    <message>
        <source>n_head = %1 does not divide n_embd = %2; each head needs an equal share of the hidden size.</source>
        <translation>n_head = %1 teilt n_embd = %2 nicht; jeder Head braucht einen gleich großen Anteil der verborgenen Größe.</translation>
    </message>
    <message>
        <source>n_embd is too large.</source>
        <translation>n_embd ist zu groß.</translation>
    </message>
    <message>
        <source>num_attention_heads = %1 does not divide hidden_size = %2; each head needs an equal share of the hidden size.</source>
        <translation>num_attention_heads = %1 teilt hidden_size = %2 nicht; jeder Head braucht einen gleich großen Anteil der verborgenen Größe.</translation>
    </message>
    <message>
        <source>num_key_value_heads = %1 does not divide num_attention_heads = %2; grouped-query attention needs an equal number of heads per group.</source>
        <translation>num_key_value_heads = %1 teilt num_attention_heads = %2 nicht; Grouped-Query-Attention braucht gleich viele Heads pro Gruppe.</translation>
    </message>
    <message>
        <source>tokenizer.json is a SentencePiece-style BPE (Metaspace / byte fallback, as in Llama 2 and Mistral); ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2). Use the model&apos;s tokenizer.model instead, or supply pre-tokenized ids</source>
        <translation>tokenizer.json ist ein BPE im SentencePiece-Stil (Metaspace / Byte-Fallback, wie in Llama 2 und Mistral); ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2). Verwenden Sie stattdessen die tokenizer.model des Modells oder geben Sie vorab tokenisierte IDs an</translation>
    </message>
    <message>
        <source>tokenizer.json must hold a JSON object at the top level; this is not a Hugging Face tokenizer file. Use the tokenizer.json that came with the model</source>
        <translation>tokenizer.json muss auf oberster Ebene ein JSON-Objekt enthalten; dies ist keine Hugging-Face-Tokenizer-Datei. Verwenden Sie die tokenizer.json, die mit dem Modell kam</translation>
    </message>
    <message>
        <source>tokenizer.json has no &quot;model&quot; object; this is not a Hugging Face tokenizer file. Use the tokenizer.json that came with the model</source>
        <translation>tokenizer.json hat kein &quot;model&quot;-Objekt; dies ist keine Hugging-Face-Tokenizer-Datei. Verwenden Sie die tokenizer.json, die mit dem Modell kam</translation>
    </message>
    <message>
        <source>tokenizer.json does not say which model it uses (&quot;model&quot;.&quot;type&quot; is missing); ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)</source>
        <translation>tokenizer.json sagt nicht, welches Modell sie verwendet (&quot;model&quot;.&quot;type&quot; fehlt); ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)</translation>
    </message>
    <message>
        <source>tokenizer.json uses a %1 model; ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2). Use the model&apos;s tokenizer.model if it has one, or supply pre-tokenized ids</source>
        <translation>tokenizer.json verwendet ein %1-Modell; ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2). Verwenden Sie die tokenizer.model des Modells, falls es eine hat, oder geben Sie vorab tokenisierte IDs an</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s BPE model uses a %1 (&quot;%2&quot;), which byte-level BPE does not; ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)</source>
        <translation>das BPE-Modell der tokenizer.json verwendet ein %1 (&quot;%2&quot;), was Byte-Level-BPE nicht tut; ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s BPE model has no &quot;vocab&quot; object (token -&gt; id); the file is incomplete. Use the tokenizer.json that came with the model</source>
        <translation>das BPE-Modell der tokenizer.json hat kein &quot;vocab&quot;-Objekt (Token -&gt; ID); die Datei ist unvollständig. Verwenden Sie die tokenizer.json, die mit dem Modell kam</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s BPE vocabulary is empty; use the tokenizer.json that came with the model</source>
        <translation>das BPE-Vokabular der tokenizer.json ist leer; verwenden Sie die tokenizer.json, die mit dem Modell kam</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s vocabulary gives token &quot;%1&quot; an id that is not an integer</source>
        <translation>das Vokabular der tokenizer.json gibt dem Token &quot;%1&quot; eine ID, die keine Ganzzahl ist</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s vocabulary gives token &quot;%1&quot; the id %2, outside 0..%3; the file is damaged</source>
        <translation>das Vokabular der tokenizer.json gibt dem Token &quot;%1&quot; die ID %2, außerhalb von 0..%3; die Datei ist beschädigt</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s vocabulary gives the id %1 to two tokens; the file is damaged</source>
        <translation>das Vokabular der tokenizer.json vergibt die ID %1 an zwei Tokens; die Datei ist beschädigt</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s unk_token &quot;%1&quot; is not in the vocabulary</source>
        <translation>das unk_token &quot;%1&quot; der tokenizer.json ist nicht im Vokabular</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s BPE &quot;merges&quot; is not a list; the file is damaged</source>
        <translation>die BPE-&quot;merges&quot; der tokenizer.json sind keine Liste; die Datei ist beschädigt</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s merge %1 (&quot;%2&quot;) is not two tokens separated by one space; the file is damaged</source>
        <translation>Merge %1 der tokenizer.json (&quot;%2&quot;) sind nicht zwei durch ein Leerzeichen getrennte Tokens; die Datei ist beschädigt</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s merge %1 is neither &quot;a b&quot; nor [&quot;a&quot;, &quot;b&quot;]; the file is damaged</source>
        <translation>Merge %1 der tokenizer.json ist weder &quot;a b&quot; noch [&quot;a&quot;, &quot;b&quot;]; die Datei ist beschädigt</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s merge %1 (&quot;%2 %3&quot;) names &quot;%4&quot;, which is not in the vocabulary; the file is damaged or belongs to another model</source>
        <translation>Merge %1 der tokenizer.json (&quot;%2 %3&quot;) nennt &quot;%4&quot;, das nicht im Vokabular ist; die Datei ist beschädigt oder gehört zu einem anderen Modell</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s merge %1 (&quot;%2 %3&quot;) makes &quot;%4%5&quot;, which is not in the vocabulary; the file is damaged or belongs to another model</source>
        <translation>Merge %1 der tokenizer.json (&quot;%2 %3&quot;) ergibt &quot;%4%5&quot;, das nicht im Vokabular ist; die Datei ist beschädigt oder gehört zu einem anderen Modell</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s &quot;added_tokens&quot; is not a list; the file is damaged</source>
        <translation>die &quot;added_tokens&quot; der tokenizer.json sind keine Liste; die Datei ist beschädigt</translation>
    </message>
    <message>
        <source>tokenizer.json has an added token without an integer &quot;id&quot; and a string &quot;content&quot;; the file is damaged</source>
        <translation>tokenizer.json hat ein hinzugefügtes Token ohne ganzzahlige &quot;id&quot; und ohne Zeichenkette &quot;content&quot;; die Datei ist beschädigt</translation>
    </message>
    <message>
        <source>tokenizer.json gives the added token &quot;%1&quot; the id %2, far outside the vocabulary; the file is damaged</source>
        <translation>tokenizer.json gibt dem hinzugefügten Token &quot;%1&quot; die ID %2, weit außerhalb des Vokabulars; die Datei ist beschädigt</translation>
    </message>
    <message>
        <source>tokenizer.json has an added token (id %1) with empty content</source>
        <translation>tokenizer.json hat ein hinzugefügtes Token (ID %1) mit leerem Inhalt</translation>
    </message>
    <message>
        <source>tokenizer.json nests normalizer Sequences too deeply; the file is damaged</source>
        <translation>tokenizer.json verschachtelt Normalizer-Sequenzen zu tief; die Datei ist beschädigt</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s Sequence normalizer has no &quot;normalizers&quot; list; the file is damaged</source>
        <translation>der Sequence-Normalizer der tokenizer.json hat keine &quot;normalizers&quot;-Liste; die Datei ist beschädigt</translation>
    </message>
    <message>
        <source>tokenizer.json has a normalizer that is an %1 with no &quot;type&quot;, which ShareLens does not support (it supports none, NFC, NFD, NFKC, NFKD); ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)</source>
        <translation>tokenizer.json hat einen Normalizer, der ein %1 ohne &quot;type&quot; ist, was ShareLens nicht unterstützt (es unterstützt keinen, NFC, NFD, NFKC, NFKD); ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)</translation>
    </message>
    <message>
        <source>tokenizer.json uses the normalizer &quot;%1&quot;, which ShareLens does not support (it supports none, NFC, NFD, NFKC, NFKD); ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)</source>
        <translation>tokenizer.json verwendet den Normalizer &quot;%1&quot;, den ShareLens nicht unterstützt (es unterstützt keinen, NFC, NFD, NFKC, NFKD); ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)</translation>
    </message>
    <message>
        <source>tokenizer.json has no pre-tokenizer, so it is not a byte-level BPE; ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)</source>
        <translation>tokenizer.json hat keinen Pre-Tokenizer, ist also kein Byte-Level-BPE; ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s Sequence pre-tokenizer has no &quot;pretokenizers&quot; list; the file is damaged</source>
        <translation>der Sequence-Pre-Tokenizer der tokenizer.json hat keine &quot;pretokenizers&quot;-Liste; die Datei ist beschädigt</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s pre-tokenizer has a %1 step after ByteLevel; ShareLens supports ByteLevel only as the last step (as in GPT-2, Llama 3 and Qwen2)</source>
        <translation>der Pre-Tokenizer der tokenizer.json hat einen %1-Schritt nach ByteLevel; ShareLens unterstützt ByteLevel nur als letzten Schritt (wie in GPT-2, Llama 3 und Qwen2)</translation>
    </message>
    <message>
        <source>tokenizer.json has a Split pre-tokenizer without a &quot;pattern&quot;; the file is damaged</source>
        <translation>tokenizer.json hat einen Split-Pre-Tokenizer ohne &quot;pattern&quot;; die Datei ist beschädigt</translation>
    </message>
    <message>
        <source>tokenizer.json has a Split pre-tokenizer with the unknown behavior &quot;%1&quot;</source>
        <translation>tokenizer.json hat einen Split-Pre-Tokenizer mit dem unbekannten Verhalten &quot;%1&quot;</translation>
    </message>
    <message>
        <source>tokenizer.json uses the pre-tokenizer &quot;%1&quot;, which ShareLens does not support (it supports ByteLevel, and Split/Digits steps before ByteLevel); ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)</source>
        <translation>tokenizer.json verwendet den Pre-Tokenizer &quot;%1&quot;, den ShareLens nicht unterstützt (es unterstützt ByteLevel sowie Split-/Digits-Schritte vor ByteLevel); ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s %1 pre-tokenizer has a regular expression PCRE2 cannot compile (%2); the file is damaged or uses a regex feature ShareLens does not support</source>
        <translation>der %1-Pre-Tokenizer der tokenizer.json hat einen regulären Ausdruck, den PCRE2 nicht übersetzen kann (%2); die Datei ist beschädigt oder verwendet eine Regex-Funktion, die ShareLens nicht unterstützt</translation>
    </message>
    <message>
        <source>tokenizer.json&apos;s pre-tokenizer has no ByteLevel step, so it is not a byte-level BPE; ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)</source>
        <translation>der Pre-Tokenizer der tokenizer.json hat keinen ByteLevel-Schritt, ist also kein Byte-Level-BPE; ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)</translation>
    </message>
    <message>
        <source>tokenizer.json nests decoder Sequences too deeply; the file is damaged</source>
        <translation>tokenizer.json verschachtelt Decoder-Sequenzen zu tief; die Datei ist beschädigt</translation>
    </message>
    <message>
        <source>tokenizer.json uses the decoder &quot;%1&quot;, which ShareLens does not support (it supports ByteLevel); ShareLens reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2)</source>
        <translation>tokenizer.json verwendet den Decoder &quot;%1&quot;, den ShareLens nicht unterstützt (es unterstützt ByteLevel); ShareLens liest Byte-Level-BPE-Tokenizer (GPT-2, Llama 3, Qwen2)</translation>
    </message>
    <message>
        <source>expected an object with &quot;agents&quot;, &quot;units&quot; and &quot;groups&quot; (an analysis of several models)</source>
        <translation>erwartet wird ein Objekt mit &quot;agents&quot;, &quot;units&quot; und &quot;groups&quot; (eine Analyse mehrerer Modelle)</translation>
    </message>
    <message>
        <source>&quot;level&quot; must be &quot;layers&quot; or &quot;agents&quot;</source>
        <translation>&quot;level&quot; muss &quot;layers&quot; oder &quot;agents&quot; sein</translation>
    </message>
    <message>
        <source>&quot;layers&quot; must be at least 1</source>
        <translation>&quot;layers&quot; muss mindestens 1 sein</translation>
    </message>
    <message>
        <source>unit &apos;%1&apos; names agent %2</source>
        <translation>Einheit &apos;%1&apos; nennt Agent %2</translation>
    </message>
    <message>
        <source>unit &apos;%1&apos; names layer %2</source>
        <translation>Einheit &apos;%1&apos; nennt Schicht %2</translation>
    </message>
    <message>
        <source>has %1 units, expected %2</source>
        <translation>hat %1 Einheiten, erwartet sind %2</translation>
    </message>
    <message>
        <source>a group&apos;s &quot;members&quot; must be an array of unit indices</source>
        <translation>die &quot;members&quot; einer Gruppe müssen ein Array von Einheitenindizes sein</translation>
    </message>
    <message>
        <source>a group has no members</source>
        <translation>eine Gruppe hat keine Mitglieder</translation>
    </message>
    <message>
        <source>group member %1 is not a unit index</source>
        <translation>Gruppenmitglied %1 ist kein Einheitenindex</translation>
    </message>
    <message>
        <source>unit %1 is in two groups</source>
        <translation>Einheit %1 ist in zwei Gruppen</translation>
    </message>
    <message>
        <source>unknown init &apos;%1&apos; (use mean, medoid or first)</source>
        <translation>unbekannte Initialisierung &apos;%1&apos; (verwenden Sie mean, medoid oder first)</translation>
    </message>
    <message>
        <source>a field is missing or has the wrong type (%1)</source>
        <translation>ein Feld fehlt oder hat den falschen Typ (%1)</translation>
    </message>
    <message>
        <source>the model has</source>
        <translation>das Modell hat</translation>
    </message>
    <message>
        <source>the agents have</source>
        <translation>die Agenten haben</translation>
    </message>
    <message>
        <source>expected an object with &quot;units&quot; and &quot;groups&quot; arrays</source>
        <translation>erwartet wird ein Objekt mit den Arrays &quot;units&quot; und &quot;groups&quot;</translation>
    </message>
    <message>
        <source>group member %1 is not a unit index; the plan lists units 0..%2. Run the analysis again rather than editing the groups by hand</source>
        <translation>Gruppenmitglied %1 ist kein Einheitenindex; der Plan listet die Einheiten 0..%2. Führen Sie die Analyse erneut aus, statt die Gruppen von Hand zu bearbeiten</translation>
    </message>
    <message>
        <source>is not valid JSON</source>
        <translation>ist kein gültiges JSON</translation>
    </message>
    <message>
        <source>is not a JSON object</source>
        <translation>ist kein JSON-Objekt</translation>
    </message>
    <message>
        <source>has &quot;blocks&quot; that is not an object</source>
        <translation>hat &quot;blocks&quot;, das kein Objekt ist</translation>
    </message>
    <message>
        <source>maps block %1 to something other than a prefix</source>
        <translation>bildet Block %1 auf etwas anderes als ein Präfix ab</translation>
    </message>
    <message>
        <source>has &quot;aliases&quot; that is not an object</source>
        <translation>hat &quot;aliases&quot;, das kein Objekt ist</translation>
    </message>
    <message>
        <source>maps %1 to something other than a tensor name</source>
        <translation>bildet %1 auf etwas anderes als einen Tensornamen ab</translation>
    </message>
    <message>
        <source>has &quot;deltas&quot; that is not an object</source>
        <translation>hat &quot;deltas&quot;, das kein Objekt ist</translation>
    </message>
    <message>
        <source>has a delta of %1 without a tensor name &quot;a&quot;</source>
        <translation>hat ein Delta von %1 ohne Tensornamen &quot;a&quot;</translation>
    </message>
    <message>
        <source>has a delta of %1 whose &quot;b&quot; is not a tensor name</source>
        <translation>hat ein Delta von %1, dessen &quot;b&quot; kein Tensorname ist</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot; lies outside this file&apos;s data section.</source>
        <translation>Tensor &quot;%1&quot; liegt außerhalb des Datenbereichs dieser Datei.</translation>
    </message>
    <message>
        <source>the shard index is not valid JSON (%1).</source>
        <translation>der Shard-Index ist kein gültiges JSON (%1).</translation>
    </message>
    <message>
        <source>the shard index must be a JSON object with a &quot;weight_map&quot;.</source>
        <translation>der Shard-Index muss ein JSON-Objekt mit einer &quot;weight_map&quot; sein.</translation>
    </message>
    <message>
        <source>the shard index has no &quot;weight_map&quot; object mapping tensor names to shard files.</source>
        <translation>der Shard-Index hat kein &quot;weight_map&quot;-Objekt, das Tensornamen auf Shard-Dateien abbildet.</translation>
    </message>
    <message>
        <source>&quot;weight_map&quot; entry %1 must name a shard file, but it is %2.</source>
        <translation>der &quot;weight_map&quot;-Eintrag %1 muss eine Shard-Datei nennen, ist aber %2.</translation>
    </message>
    <message>
        <source>&quot;weight_map&quot; entry %1 names %2, which is not a file name in this folder.</source>
        <translation>der &quot;weight_map&quot;-Eintrag %1 nennt %2, was kein Dateiname in diesem Ordner ist.</translation>
    </message>
    <message>
        <source>the shard index&apos;s &quot;weight_map&quot; is empty; it lists no tensors.</source>
        <translation>die &quot;weight_map&quot; des Shard-Index ist leer; sie listet keine Tensoren.</translation>
    </message>
    <message>
        <source>config.json is not valid JSON (%1).</source>
        <translation>config.json ist kein gültiges JSON (%1).</translation>
    </message>
    <message>
        <source>config.json must hold a JSON object, but it holds %1.</source>
        <translation>config.json muss ein JSON-Objekt enthalten, enthält aber %1.</translation>
    </message>
    <message>
        <source>&quot;model_type&quot; is missing, so the architecture is unknown. Supported: %1.</source>
        <translation>&quot;model_type&quot; fehlt, daher ist die Architektur unbekannt. Unterstützt: %1.</translation>
    </message>
    <message>
        <source>&quot;model_type&quot; must be a string, but it is %1.</source>
        <translation>&quot;model_type&quot; muss eine Zeichenkette sein, ist aber %1.</translation>
    </message>
    <message>
        <source>model_type &quot;%1&quot; is not supported. Supported: %2 (GPT-2 and Llama-shaped models).</source>
        <translation>model_type &quot;%1&quot; wird nicht unterstützt. Unterstützt: %2 (Modelle in der Form von GPT-2 und Llama).</translation>
    </message>
    <message>
        <source>shard %1 listed in %2 is missing (it should hold %3); download the complete checkpoint.</source>
        <translation>Shard %1, in %2 aufgeführt, fehlt (er sollte %3 enthalten); laden Sie den vollständigen Checkpoint herunter.</translation>
    </message>
    <message>
        <source>shard %1 listed in %2 is missing (it should hold %3 and %4 more tensors); download the complete checkpoint.</source>
        <translation>Shard %1, in %2 aufgeführt, fehlt (er sollte %3 und %4 weitere Tensoren enthalten); laden Sie den vollständigen Checkpoint herunter.</translation>
    </message>
    <message>
        <source>this agent</source>
        <translation>dieser Agent</translation>
    </message>
    <message>
        <source>agent %1</source>
        <translation>Agent %1</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>tensor %1 is mapped to this shard by %2, but the shard does not hold it; the shard or the index is wrong. Download the checkpoint again.</source>
        <translation>Tensor %1 ist diesem Shard durch %2 zugeordnet, aber der Shard enthält ihn nicht; der Shard oder der Index ist falsch. Laden Sie den Checkpoint erneut herunter.</translation>
    </message>
    <message>
        <source>the shard holds tensor %1, which %2 does not map to this shard; the shard or the index is wrong. Download the checkpoint again.</source>
        <translation>der Shard enthält Tensor %1, den %2 nicht diesem Shard zuordnet; der Shard oder der Index ist falsch. Laden Sie den Checkpoint erneut herunter.</translation>
    </message>
    <message>
        <source>the agent&apos;s pool (metadata &quot;sharelens.pool&quot;) is %1, but a pool must be a file in the folder that holds the agent&apos;s folder, such as &quot;../%2&quot;; the checkpoint was edited. Export the pool again.</source>
        <translation>der Pool des Agenten (Metadaten &quot;sharelens.pool&quot;) ist %1, aber ein Pool muss eine Datei in dem Ordner sein, der den Ordner des Agenten enthält, etwa &quot;../%2&quot;; der Checkpoint wurde bearbeitet. Exportieren Sie den Pool erneut.</translation>
    </message>
    <message>
        <source>the shared pool that %1 takes its shared tensors from is missing; keep the agent&apos;s folder beside %2 (copy the whole export folder), or export the pool again.</source>
        <translation>der gemeinsame Pool, aus dem %1 seine geteilten Tensoren nimmt, fehlt; lassen Sie den Ordner des Agenten neben %2 (kopieren Sie den ganzen Exportordner), oder exportieren Sie den Pool erneut.</translation>
    </message>
    <message>
        <source>this is not a ShareLens shared pool of format &quot;%1&quot; (%2 names it as its pool); put the export&apos;s own %3 back, or export the pool again.</source>
        <translation>dies ist kein gemeinsamer ShareLens-Pool im Format &quot;%1&quot; (%2 nennt ihn als seinen Pool); legen Sie die eigene %3 des Exports zurück, oder exportieren Sie den Pool erneut.</translation>
    </message>
    <message>
        <source>this pool is not the one %1 was exported with (pool id %2, the agent expects %3); it comes from another export. Keep the agent folders and the pool of one export together, or export the pool again.</source>
        <translation>dies ist nicht der Pool, mit dem %1 exportiert wurde (Pool-ID %2, der Agent erwartet %3); er stammt aus einem anderen Export. Halten Sie die Agentenordner und den Pool eines Exports zusammen, oder exportieren Sie den Pool erneut.</translation>
    </message>
    <message>
        <source>no model folder was given.</source>
        <translation>es wurde kein Modellordner angegeben.</translation>
    </message>
    <message>
        <source>cannot open: %1.</source>
        <translation>kann nicht geöffnet werden: %1.</translation>
    </message>
    <message>
        <source>there is no such file or folder.</source>
        <translation>diese Datei oder dieser Ordner existiert nicht.</translation>
    </message>
    <message>
        <source>this is a file, not a model folder, and the folder it is in has no config.json; open the model&apos;s folder (the one holding config.json and the weights).</source>
        <translation>dies ist eine Datei, kein Modellordner, und der Ordner, in dem sie liegt, hat keine config.json; öffnen Sie den Ordner des Modells (den mit config.json und den Gewichten).</translation>
    </message>
    <message>
        <source>this is a ShareLens shared pool of several agents, not one model; open one agent&apos;s folder inside it, or give the whole folder where agents are expected (analyze and finetune with several MODELs).</source>
        <translation>dies ist ein gemeinsamer ShareLens-Pool mehrerer Agenten, kein einzelnes Modell; öffnen Sie den Ordner eines Agenten darin, oder geben Sie den ganzen Ordner dort an, wo Agenten erwartet werden (analyze und finetune mit mehreren MODELLEN).</translation>
    </message>
    <message>
        <source>there is no config.json here; a Hugging Face model folder needs config.json (the model&apos;s architecture and sizes) next to its weights, as save_pretrained() writes it.</source>
        <translation>hier gibt es keine config.json; ein Hugging-Face-Modellordner braucht config.json (Architektur und Größen des Modells) neben seinen Gewichten, so wie save_pretrained() sie schreibt.</translation>
    </message>
    <message>
        <source>found several weight files (%1) but no model.safetensors.index.json saying which tensor lives where; keep one, or add the index.</source>
        <translation>mehrere Gewichtsdateien gefunden (%1), aber keine model.safetensors.index.json, die sagt, welcher Tensor wo liegt; behalten Sie eine, oder fügen Sie den Index hinzu.</translation>
    </message>
    <message>
        <source>found no weights: expected model.safetensors, model.safetensors.index.json (with its shards) or pytorch_model.bin next to config.json.</source>
        <translation>keine Gewichte gefunden: erwartet wird model.safetensors, model.safetensors.index.json (mit ihren Shards) oder pytorch_model.bin neben config.json.</translation>
    </message>
    <message>
        <source>tensor %1 appears in two weight files (%2 and %3).</source>
        <translation>Tensor %1 kommt in zwei Gewichtsdateien vor (%2 und %3).</translation>
    </message>
    <message>
        <source>Re-save it as a plain dict of tensors with: python3 -c &quot;import torch; sd = torch.load(&apos;%1&apos;, map_location=&apos;cpu&apos;); torch.save({k: v.detach().clone() for k, v in sd.items()}, &apos;%1&apos;)&quot; — or convert it to model.safetensors (safetensors.torch.save_file(sd, &apos;model.safetensors&apos;)), which ShareLens reads without copying.</source>
        <translation>Speichern Sie sie als einfaches Dict von Tensoren neu mit: python3 -c &quot;import torch; sd = torch.load(&apos;%1&apos;, map_location=&apos;cpu&apos;); torch.save({k: v.detach().clone() for k, v in sd.items()}, &apos;%1&apos;)&quot; — oder wandeln Sie sie in model.safetensors um (safetensors.torch.save_file(sd, &apos;model.safetensors&apos;)), die ShareLens ohne Kopieren liest.</translation>
    </message>
    <message>
        <source>this file holds an OrderedDict (what torch.save(model.state_dict()) writes), which LibTorch 1.13 cannot read. %1</source>
        <translation>diese Datei enthält ein OrderedDict (das schreibt torch.save(model.state_dict())), das LibTorch 1.13 nicht lesen kann. %1</translation>
    </message>
    <message>
        <source>this file holds nn.Parameter objects rather than plain tensors, which LibTorch 1.13 cannot read. %1</source>
        <translation>diese Datei enthält nn.Parameter-Objekte statt einfacher Tensoren, die LibTorch 1.13 nicht lesen kann. %1</translation>
    </message>
    <message>
        <source>this file holds a dict with a single entry, which LibTorch 1.13&apos;s unpickler cannot read (it lacks the SETITEM opcode). Convert it to model.safetensors (safetensors.torch.save_file(sd, &apos;model.safetensors&apos;)), or save it together with at least one more tensor.</source>
        <translation>diese Datei enthält ein Dict mit einem einzigen Eintrag, das der Unpickler von LibTorch 1.13 nicht lesen kann (ihm fehlt der SETITEM-Opcode). Wandeln Sie sie in model.safetensors um (safetensors.torch.save_file(sd, &apos;model.safetensors&apos;)), oder speichern Sie sie zusammen mit mindestens einem weiteren Tensor.</translation>
    </message>
    <message>
        <source>this is a folder; a file was expected.</source>
        <translation>dies ist ein Ordner; erwartet wurde eine Datei.</translation>
    </message>
    <message>
        <source>cannot open the file.</source>
        <translation>die Datei kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>cannot read the file.</source>
        <translation>die Datei kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>cannot read the whole file.</source>
        <translation>die Datei kann nicht vollständig gelesen werden.</translation>
    </message>
    <message>
        <source>tensors of dtype %1 cannot be stored; supported are F64, F32, F16, BF16, I64, I32, I16, I8, U8 and BOOL.</source>
        <translation>Tensoren vom dtype %1 können nicht gespeichert werden; unterstützt sind F64, F32, F16, BF16, I64, I32, I16, I8, U8 und BOOL.</translation>
    </message>
    <message>
        <source>internal error: no mapped file given for tensor %1</source>
        <translation>interner Fehler: für Tensor %1 wurde keine abgebildete Datei angegeben</translation>
    </message>
    <message>
        <source>missing tensor %1; the compact checkpoint neither stores it nor maps it to a stored tensor in its sharing map, so it is damaged or was edited. Export it again.</source>
        <translation>Tensor %1 fehlt; der kompakte Checkpoint speichert ihn weder, noch bildet er ihn in seiner Teilungskarte auf einen gespeicherten Tensor ab, er ist also beschädigt oder wurde bearbeitet. Exportieren Sie ihn erneut.</translation>
    </message>
    <message>
        <source>missing tensor %1; the checkpoint does not hold it. Is the config.json&apos;s architecture the one these weights were saved from?</source>
        <translation>Tensor %1 fehlt; der Checkpoint enthält ihn nicht. Ist die Architektur der config.json die, mit der diese Gewichte gespeichert wurden?</translation>
    </message>
    <message>
        <source>missing tensor %1.</source>
        <translation>Tensor %1 fehlt.</translation>
    </message>
    <message>
        <source>missing tensor %1; the file changed after the checkpoint was opened.</source>
        <translation>Tensor %1 fehlt; die Datei hat sich geändert, nachdem der Checkpoint geöffnet wurde.</translation>
    </message>
    <message>
        <source>the sharing map makes %1 use stored tensor %2 of shape %3, but %4 needs shape %5; the compact checkpoint&apos;s sharing map is wrong. Export it again.</source>
        <translation>die Teilungskarte lässt %1 den gespeicherten Tensor %2 der Form %3 verwenden, aber %4 braucht die Form %5; die Teilungskarte des kompakten Checkpoints ist falsch. Exportieren Sie ihn erneut.</translation>
    </message>
    <message>
        <source>tensor %1 has shape %2 but the config implies %3; config.json and the weights do not belong together.</source>
        <translation>Tensor %1 hat die Form %2, aber die Konfiguration ergibt %3; config.json und die Gewichte gehören nicht zusammen.</translation>
    </message>
    <message>
        <source>cannot save tensor %1: it is undefined.</source>
        <translation>Tensor %1 kann nicht gespeichert werden: er ist undefiniert.</translation>
    </message>
    <message>
        <source>cannot save tensor %1: only dense tensors can be stored.</source>
        <translation>Tensor %1 kann nicht gespeichert werden: nur dichte Tensoren können gespeichert werden.</translation>
    </message>
    <message>
        <source>cannot save tensor %1: it is on %2; move it to the CPU first.</source>
        <translation>Tensor %1 kann nicht gespeichert werden: er liegt auf %2; verschieben Sie ihn zuerst auf die CPU.</translation>
    </message>
    <message>
        <source>cannot save tensor %1: %2</source>
        <translation>Tensor %1 kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>the file is empty; it is not a PyTorch state_dict.</source>
        <translation>die Datei ist leer; sie ist kein PyTorch-state_dict.</translation>
    </message>
    <message>
        <source>this file uses PyTorch&apos;s legacy (pre-1.6) serialization, which LibTorch cannot read. %1 (torch.save writes the readable zip format by default.)</source>
        <translation>diese Datei verwendet die alte Serialisierung von PyTorch (vor 1.6), die LibTorch nicht lesen kann. %1 (torch.save schreibt standardmäßig das lesbare Zip-Format.)</translation>
    </message>
    <message>
        <source>this is not a PyTorch file (torch.save writes a zip archive; this file does not start like one). Is it truncated, or a different kind of file?</source>
        <translation>dies ist keine PyTorch-Datei (torch.save schreibt ein Zip-Archiv; diese Datei beginnt nicht wie eines). Ist sie abgeschnitten, oder ist es eine andere Art von Datei?</translation>
    </message>
    <message>
        <source>LibTorch cannot read this file (%1). %2</source>
        <translation>LibTorch kann diese Datei nicht lesen (%1). %2</translation>
    </message>
    <message>
        <source>this file holds a %1, not a dict of tensors (a state_dict). Save model.state_dict() as a dict instead.</source>
        <translation>diese Datei enthält ein %1, kein Dict von Tensoren (ein state_dict). Speichern Sie model.state_dict() stattdessen als Dict.</translation>
    </message>
    <message>
        <source>this dict has a key of type %1; a state_dict maps tensor names (strings) to tensors.</source>
        <translation>dieses Dict hat einen Schlüssel vom Typ %1; ein state_dict bildet Tensornamen (Zeichenketten) auf Tensoren ab.</translation>
    </message>
    <message>
        <source>entry %1 is a %2, not a tensor; a state_dict maps names to tensors.</source>
        <translation>Eintrag %1 ist ein %2, kein Tensor; ein state_dict bildet Namen auf Tensoren ab.</translation>
    </message>
    <message>
        <source>entry %1 is a %2, not a tensor; a state_dict maps names to tensors. It looks like a training checkpoint; save only its state_dict, e.g. torch.save(dict(ckpt[&apos;%3&apos;]), &apos;pytorch_model.bin&apos;).</source>
        <translation>Eintrag %1 ist ein %2, kein Tensor; ein state_dict bildet Namen auf Tensoren ab. Es sieht nach einem Trainings-Checkpoint aus; speichern Sie nur sein state_dict, z. B. torch.save(dict(ckpt[&apos;%3&apos;]), &apos;pytorch_model.bin&apos;).</translation>
    </message>
    <message>
        <source>tensor %1: %2</source>
        <translation>Tensor %1: %2</translation>
    </message>
    <message>
        <source>this state_dict holds no tensors.</source>
        <translation>dieses state_dict enthält keine Tensoren.</translation>
    </message>
    <message>
        <source>the folder %1 does not exist; create it first or choose another place.</source>
        <translation>der Ordner %1 existiert nicht; legen Sie ihn zuerst an oder wählen Sie einen anderen Ort.</translation>
    </message>
    <message>
        <source>a part of the path is a file, not a folder; choose another place.</source>
        <translation>ein Teil des Pfads ist eine Datei, kein Ordner; wählen Sie einen anderen Ort.</translation>
    </message>
    <message>
        <source>the folder %1 is not writable; choose a folder you can write to.</source>
        <translation>der Ordner %1 ist nicht beschreibbar; wählen Sie einen Ordner, in den Sie schreiben dürfen.</translation>
    </message>
    <message>
        <source>the folder %1 is on a read-only file system; choose another place.</source>
        <translation>der Ordner %1 liegt auf einem schreibgeschützten Dateisystem; wählen Sie einen anderen Ort.</translation>
    </message>
    <message>
        <source>the disk is full; free some space and try again.</source>
        <translation>der Datenträger ist voll; geben Sie Platz frei und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1.</translation>
    </message>
    <message>
        <source>the file is larger than this system allows (%1).</source>
        <translation>die Datei ist größer, als dieses System erlaubt (%1).</translation>
    </message>
    <message>
        <source>cannot write a file: no file name was given.</source>
        <translation>eine Datei kann nicht geschrieben werden: es wurde kein Dateiname angegeben.</translation>
    </message>
    <message>
        <source>cannot write the file: the path names a folder.</source>
        <translation>die Datei kann nicht geschrieben werden: der Pfad nennt einen Ordner.</translation>
    </message>
    <message>
        <source>cannot write the file: a folder of that name exists.</source>
        <translation>die Datei kann nicht geschrieben werden: es gibt einen Ordner dieses Namens.</translation>
    </message>
    <message>
        <source>cannot write the file: %1</source>
        <translation>die Datei kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>cannot write the file (%1): %2 Nothing was changed.</source>
        <translation>die Datei kann nicht geschrieben werden (%1): %2 Es wurde nichts verändert.</translation>
    </message>
    <message>
        <source>cannot write the file (closing): %1. Nothing was changed.</source>
        <translation>die Datei kann nicht geschrieben werden (beim Schließen): %1. Es wurde nichts verändert.</translation>
    </message>
    <message>
        <source>cannot write the file (renaming the finished temporary file into place): %1. Nothing was changed.</source>
        <translation>die Datei kann nicht geschrieben werden (beim Umbenennen der fertigen temporären Datei an ihren Platz): %1. Es wurde nichts verändert.</translation>
    </message>
    <message>
        <source>cannot write a folder: no folder name was given.</source>
        <translation>ein Ordner kann nicht geschrieben werden: es wurde kein Ordnername angegeben.</translation>
    </message>
    <message>
        <source>cannot write into this folder: name a new folder instead.</source>
        <translation>in diesen Ordner kann nicht geschrieben werden: nennen Sie stattdessen einen neuen Ordner.</translation>
    </message>
    <message>
        <source>cannot write the folder: %1</source>
        <translation>der Ordner kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>cannot write the folder: a file of that name exists; remove it or choose another name.</source>
        <translation>der Ordner kann nicht geschrieben werden: es gibt eine Datei dieses Namens; entfernen Sie sie oder wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>the folder exists and holds &quot;%1&quot;, which this export does not write; it is not replaced. Choose a new or empty folder, or remove what is in it.</source>
        <translation>der Ordner existiert und enthält &quot;%1&quot;, was dieser Export nicht schreibt; er wird nicht ersetzt. Wählen Sie einen neuen oder leeren Ordner, oder entfernen Sie seinen Inhalt.</translation>
    </message>
    <message>
        <source>cannot read the existing folder: %1.</source>
        <translation>der vorhandene Ordner kann nicht gelesen werden: %1.</translation>
    </message>
    <message>
        <source>cannot move the finished folder into place: %1. Nothing was changed.</source>
        <translation>der fertige Ordner kann nicht an seinen Platz verschoben werden: %1. Es wurde nichts verändert.</translation>
    </message>
    <message>
        <source>cannot swap the finished folder into place: %1. Nothing was changed.</source>
        <translation>der fertige Ordner kann nicht an seinen Platz getauscht werden: %1. Es wurde nichts verändert.</translation>
    </message>
    <message>
        <source>not valid JSON (%1). A token-id file is a JSON array of sequences, e.g. [[15, 7, 99], [3, 4]].</source>
        <translation>kein gültiges JSON (%1). Eine Token-ID-Datei ist ein JSON-Array von Sequenzen, z. B. [[15, 7, 99], [3, 4]].</translation>
    </message>
    <message>
        <source>the top level is %1, not an array. A token-id file is a JSON array of sequences, e.g. [[15, 7, 99], [3, 4]].</source>
        <translation>die oberste Ebene ist %1, kein Array. Eine Token-ID-Datei ist ein JSON-Array von Sequenzen, z. B. [[15, 7, 99], [3, 4]].</translation>
    </message>
    <message>
        <source>sequence %1 is %2, not an array of token ids. A token-id file is a JSON array of sequences, e.g. [[15, 7, 99], [3, 4]].</source>
        <translation>Sequenz %1 ist %2, kein Array von Token-IDs. Eine Token-ID-Datei ist ein JSON-Array von Sequenzen, z. B. [[15, 7, 99], [3, 4]].</translation>
    </message>
    <message>
        <source>sequence %1, position %2: %3 is not a token id; ids are integers from 0 to 2147483647.</source>
        <translation>Sequenz %1, Position %2: %3 ist keine Token-ID; IDs sind Ganzzahlen von 0 bis 2147483647.</translation>
    </message>
    <message>
        <source>the sequence length must be positive (got %1).</source>
        <translation>die Sequenzlänge muss positiv sein (erhalten: %1).</translation>
    </message>
    <message>
        <source>the number of sequences must be 0 (no limit) or positive (got %1).</source>
        <translation>die Anzahl der Sequenzen muss 0 (keine Grenze) oder positiv sein (erhalten: %1).</translation>
    </message>
    <message>
        <source>the vocabulary size must be positive (got %1).</source>
        <translation>die Vokabulargröße muss positiv sein (erhalten: %1).</translation>
    </message>
    <message>
        <source>the maximum sequence length must be at least 2 (got %1).</source>
        <translation>die maximale Sequenzlänge muss mindestens 2 sein (erhalten: %1).</translation>
    </message>
    <message>
        <source>there are no token sequences; give at least one sequence of 2 or more tokens.</source>
        <translation>es gibt keine Token-Sequenzen; geben Sie mindestens eine Sequenz mit 2 oder mehr Tokens an.</translation>
    </message>
    <message>
        <source>sequence %1 has %2 token(s); at least 2 are needed to predict a next token. Remove it, or choose a --seq-len of 2 or more.</source>
        <translation>Sequenz %1 hat %2 Token(s); mindestens 2 sind nötig, um ein nächstes Token vorherzusagen. Entfernen Sie sie, oder wählen Sie eine --seq-len von 2 oder mehr.</translation>
    </message>
    <message>
        <source>sequence %1 has %2 tokens, more than the maximum of %3; shorten it, or pass --seq-len %4 (or less) to cut it.</source>
        <translation>Sequenz %1 hat %2 Tokens, mehr als das Maximum von %3; kürzen Sie sie, oder geben Sie --seq-len %4 (oder weniger) an, um sie abzuschneiden.</translation>
    </message>
    <message>
        <source>sequence %1, position %2: token id %3 is outside the vocabulary [0, %4); were these ids made with another model&apos;s tokenizer?</source>
        <translation>Sequenz %1, Position %2: Token-ID %3 liegt außerhalb des Vokabulars [0, %4); wurden diese IDs mit dem Tokenizer eines anderen Modells erzeugt?</translation>
    </message>
    <message>
        <source>the plan names unit %1, but %2 units 0..%3</source>
        <translation>der Plan nennt Einheit %1, aber %2 die Einheiten 0..%3</translation>
    </message>
    <message>
        <source>the plan puts unit %1 into two groups</source>
        <translation>der Plan setzt Einheit %1 in zwei Gruppen</translation>
    </message>
    <message>
        <source>is not valid JSON (%1); give the analysis.json that &apos;sharelens-cli analyze&apos; writes, or a plan exported from ShareLens</source>
        <translation>ist kein gültiges JSON (%1); geben Sie die analysis.json an, die &apos;sharelens-cli analyze&apos; schreibt, oder einen aus ShareLens exportierten Plan</translation>
    </message>
    <message>
        <source>sharing plan: %1</source>
        <translation>Teilungsplan: %1</translation>
    </message>
    <message>
        <source>similarity matrix</source>
        <translation>Ähnlichkeitsmatrix</translation>
    </message>
    <message>
        <source>distance matrix</source>
        <translation>Distanzmatrix</translation>
    </message>
    <message>
        <source>%1 must be square (one row and one column per unit), but it has %2 rows and %3 columns</source>
        <translation>%1 muss quadratisch sein (eine Zeile und eine Spalte pro Einheit), hat aber %2 Zeilen und %3 Spalten</translation>
    </message>
    <message>
        <source>%1 has %2 unit; clustering needs at least 2 units</source>
        <translation>%1 hat %2 Einheit; Clustering braucht mindestens 2 Einheiten</translation>
    </message>
    <message>
        <source>%1 has %2 units; clustering needs at least 2 units</source>
        <translation>%1 hat %2 Einheiten; Clustering braucht mindestens 2 Einheiten</translation>
    </message>
    <message>
        <source>%1 has a NaN at row %2, column %3 (0-based); recompute it, e.g. with more calibration tokens, or drop units whose activations are constant</source>
        <translation>%1 hat ein NaN in Zeile %2, Spalte %3 (ab 0 gezählt); berechnen Sie sie neu, z. B. mit mehr Kalibrier-Tokens, oder lassen Sie Einheiten weg, deren Aktivierungen konstant sind</translation>
    </message>
    <message>
        <source>%1 has an infinite value at row %2, column %3 (0-based); recompute it, e.g. with more calibration tokens, or drop units whose activations are constant</source>
        <translation>%1 hat einen unendlichen Wert in Zeile %2, Spalte %3 (ab 0 gezählt); berechnen Sie sie neu, z. B. mit mehr Kalibrier-Tokens, oder lassen Sie Einheiten weg, deren Aktivierungen konstant sind</translation>
    </message>
    <message>
        <source>the distances are too large to cluster with %1 linkage (a merged cluster&apos;s distance is not a finite number); distances 1 - S lie in [0, 2] when similarities lie in [-1, 1], so check the similarity matrix</source>
        <translation>die Distanzen sind zu groß für ein Clustering mit %1-Verknüpfung (die Distanz eines zusammengeführten Clusters ist keine endliche Zahl); Distanzen 1 - S liegen in [0, 2], wenn Ähnlichkeiten in [-1, 1] liegen, prüfen Sie also die Ähnlichkeitsmatrix</translation>
    </message>
    <message>
        <source>the linkage matrix is empty; a clustering needs at least 2 units</source>
        <translation>die Verknüpfungsmatrix ist leer; ein Clustering braucht mindestens 2 Einheiten</translation>
    </message>
    <message>
        <source>linkage row %1: has a value that is not a finite number; recompute the clustering</source>
        <translation>Verknüpfungszeile %1: enthält einen Wert, der keine endliche Zahl ist; berechnen Sie das Clustering neu</translation>
    </message>
    <message>
        <source>linkage row %1: cluster id %2 is not the id of a unit or of a cluster formed by an earlier row (expected an integer from 0 to %3); recompute the clustering</source>
        <translation>Verknüpfungszeile %1: Cluster-ID %2 ist weder die ID einer Einheit noch die eines Clusters aus einer früheren Zeile (erwartet wird eine Ganzzahl von 0 bis %3); berechnen Sie das Clustering neu</translation>
    </message>
    <message>
        <source>linkage row %1: cluster %2 is merged more than once; recompute the clustering</source>
        <translation>Verknüpfungszeile %1: Cluster %2 wird mehr als einmal zusammengeführt; berechnen Sie das Clustering neu</translation>
    </message>
    <message>
        <source>linkage row %1: size %2 does not match the %3 units of its clusters; recompute the clustering</source>
        <translation>Verknüpfungszeile %1: Größe %2 passt nicht zu den %3 Einheiten ihrer Cluster; berechnen Sie das Clustering neu</translation>
    </message>
    <message>
        <source>threshold %1 is outside the range of distances 1 - S; choose a value from 0 to 2</source>
        <translation>der Schwellenwert %1 liegt außerhalb des Bereichs der Distanzen 1 - S; wählen Sie einen Wert von 0 bis 2</translation>
    </message>
    <message>
        <source>similarity matrix is not symmetric: the value at row %1, column %2 is %3 but at row %4, column %5 it is %6 (0-based; they may differ by at most 1e-6); recompute the similarity</source>
        <translation>die Ähnlichkeitsmatrix ist nicht symmetrisch: der Wert in Zeile %1, Spalte %2 ist %3, aber in Zeile %4, Spalte %5 ist er %6 (ab 0 gezählt; sie dürfen sich um höchstens 1e-6 unterscheiden); berechnen Sie die Ähnlichkeit neu</translation>
    </message>
    <message>
        <source>the largest group size is %1; use 0 for no limit or a positive number of units</source>
        <translation>die größte Gruppengröße ist %1; verwenden Sie 0 für keine Grenze oder eine positive Anzahl von Einheiten</translation>
    </message>
    <message>
        <source>this is a ShareLens compact checkpoint of format &quot;%1&quot;, which this version reads only as &quot;%2&quot;; open it with the ShareLens that wrote it and export it as a Hugging Face folder (sharelens-cli export MODEL --format hf).</source>
        <translation>dies ist ein kompakter ShareLens-Checkpoint im Format &quot;%1&quot;, den diese Version nur als &quot;%2&quot; liest; öffnen Sie ihn mit dem ShareLens, das ihn geschrieben hat, und exportieren Sie ihn als Hugging-Face-Ordner (sharelens-cli export MODEL --format hf).</translation>
    </message>
    <message>
        <source>this compact checkpoint has no sharing map (metadata &quot;sharelens.map&quot;); it is damaged. Export it again.</source>
        <translation>dieser kompakte Checkpoint hat keine Teilungskarte (Metadaten &quot;sharelens.map&quot;); er ist beschädigt. Exportieren Sie ihn erneut.</translation>
    </message>
    <message>
        <source>the agent&apos;s file and its pool both store a tensor named %1; the checkpoint is damaged. Export the pool again.</source>
        <translation>die Datei des Agenten und sein Pool speichern beide einen Tensor namens %1; der Checkpoint ist beschädigt. Exportieren Sie den Pool erneut.</translation>
    </message>
    <message>
        <source>the sharing map names tensor %1 (%2), but the file does not hold it; the compact checkpoint is damaged or was edited. Export it again.</source>
        <translation>die Teilungskarte nennt Tensor %1 (%2), aber die Datei enthält ihn nicht; der kompakte Checkpoint ist beschädigt oder wurde bearbeitet. Exportieren Sie ihn erneut.</translation>
    </message>
    <message>
        <source>the sharing map makes the tensors under %1 those under %2, but the file stores no tensor under %3; the compact checkpoint is damaged or was edited. Export it again.</source>
        <translation>die Teilungskarte macht die Tensoren unter %1 zu denen unter %2, aber die Datei speichert keinen Tensor unter %3; der kompakte Checkpoint ist beschädigt oder wurde bearbeitet. Exportieren Sie ihn erneut.</translation>
    </message>
    <message>
        <source>the sharing map makes %1 an alias of %2, but the file also stores a tensor of that name; the compact checkpoint is damaged.</source>
        <translation>die Teilungskarte macht %1 zu einem Alias von %2, aber die Datei speichert auch einen Tensor dieses Namens; der kompakte Checkpoint ist beschädigt.</translation>
    </message>
    <message>
        <source>the sharing map takes a delta of %1 from the shared pool, where deltas are never stored; the checkpoint is damaged or was edited. Export the pool again.</source>
        <translation>die Teilungskarte nimmt ein Delta von %1 aus dem gemeinsamen Pool, in dem nie Deltas gespeichert werden; der Checkpoint ist beschädigt oder wurde bearbeitet. Exportieren Sie den Pool erneut.</translation>
    </message>
    <message>
        <source>the delta of %1 (%2%3) does not fit its shape %4; the compact checkpoint is damaged. Export it again.</source>
        <translation>das Delta von %1 (%2%3) passt nicht zu seiner Form %4; der kompakte Checkpoint ist beschädigt. Exportieren Sie ihn erneut.</translation>
    </message>
    <message>
        <source>the compact checkpoint&apos;s sharing map (metadata &quot;sharelens.map&quot;) %1; the file is damaged. Export it again.</source>
        <translation>die Teilungskarte des kompakten Checkpoints (Metadaten &quot;sharelens.map&quot;) %1; die Datei ist beschädigt. Exportieren Sie sie erneut.</translation>
    </message>
    <message>
        <source>the compact checkpoint&apos;s provenance (metadata &quot;sharelens.provenance&quot;) is not valid JSON; the file is damaged. Export it again.</source>
        <translation>die Herkunftsangaben des kompakten Checkpoints (Metadaten &quot;sharelens.provenance&quot;) sind kein gültiges JSON; die Datei ist beschädigt. Exportieren Sie sie erneut.</translation>
    </message>
    <message>
        <source>the compact checkpoint&apos;s provenance (metadata &quot;sharelens.provenance&quot;) is not a JSON object; the file is damaged. Export it again.</source>
        <translation>die Herkunftsangaben des kompakten Checkpoints (Metadaten &quot;sharelens.provenance&quot;) sind kein JSON-Objekt; die Datei ist beschädigt. Exportieren Sie sie erneut.</translation>
    </message>
    <message>
        <source>%1 agent names for %2 agents; give one name per model or none</source>
        <translation>%1 Agentennamen für %2 Agenten; geben Sie einen Namen pro Modell an oder keinen</translation>
    </message>
    <message>
        <source>agent name &apos;%1&apos; contains &apos;/&apos;, which separates agent and layer in unit names</source>
        <translation>der Agentenname &apos;%1&apos; enthält &apos;/&apos;, das in Einheitennamen Agent und Schicht trennt</translation>
    </message>
    <message>
        <source>agents mode needs at least two models, got %1</source>
        <translation>der Agentenmodus braucht mindestens zwei Modelle, erhalten: %1</translation>
    </message>
    <message>
        <source>%1: architecture %2, agent 1 is %3; all agents must share one architecture</source>
        <translation>%1: Architektur %2, Agent 1 ist %3; alle Agenten müssen eine gemeinsame Architektur haben</translation>
    </message>
    <message>
        <source>%1: %2 %3, agent 1 has %4; all agents must have the same architecture and shapes</source>
        <translation>%1: %2 %3, Agent 1 hat %4; alle Agenten müssen dieselbe Architektur und dieselben Formen haben</translation>
    </message>
    <message>
        <source>%1: has tensor &apos;%2&apos;, which agent 1 lacks</source>
        <translation>%1: hat Tensor &apos;%2&apos;, der Agent 1 fehlt</translation>
    </message>
    <message>
        <source>%1: tensor &apos;%2&apos; has shape %3, agent 1 has %4</source>
        <translation>%1: Tensor &apos;%2&apos; hat die Form %3, bei Agent 1 ist sie %4</translation>
    </message>
    <message>
        <source>%1: lacks tensor &apos;%2&apos;, which agent 1 has</source>
        <translation>%1: Tensor &apos;%2&apos; fehlt, den Agent 1 hat</translation>
    </message>
    <message>
        <source>one name per agent expected</source>
        <translation>ein Name pro Agent erwartet</translation>
    </message>
    <message>
        <source>agents mode compares whole blocks; sub-block units are not supported across agents (use --units blocks)</source>
        <translation>der Agentenmodus vergleicht ganze Blöcke; Teilblock-Einheiten werden über Agenten hinweg nicht unterstützt (verwenden Sie --units blocks)</translation>
    </message>
    <message>
        <source>no calibration sequences: the text or id list is empty</source>
        <translation>keine Kalibriersequenzen: der Text oder die ID-Liste ist leer</translation>
    </message>
    <message>
        <source>batch size must be at least 1</source>
        <translation>die Batchgröße muss mindestens 1 sein</translation>
    </message>
    <message>
        <source>the calibration data has fewer than two usable tokens; use more text</source>
        <translation>die Kalibrierdaten haben weniger als zwei nutzbare Tokens; verwenden Sie mehr Text</translation>
    </message>
    <message>
        <source>the base agent must be one of the %1 agents, got %2</source>
        <translation>der Basisagent muss einer der %1 Agenten sein, erhalten: %2</translation>
    </message>
    <message>
        <source>units &apos;%1&apos; and &apos;%2&apos; have different parameter counts and cannot share</source>
        <translation>die Einheiten &apos;%1&apos; und &apos;%2&apos; haben unterschiedlich viele Parameter und können nicht teilen</translation>
    </message>
    <message>
        <source>is not valid JSON: %1</source>
        <translation>ist kein gültiges JSON: %1</translation>
    </message>
    <message>
        <source>agents sharing plan: %1</source>
        <translation>Agenten-Teilungsplan: %1</translation>
    </message>
    <message>
        <source>internal: model copy has a different tensor list</source>
        <translation>intern: die Modellkopie hat eine andere Tensorliste</translation>
    </message>
    <message>
        <source>the plan was made for %1 agents, but %2 models were given</source>
        <translation>der Plan wurde für %1 Agenten erstellt, aber %2 Modelle wurden angegeben</translation>
    </message>
    <message>
        <source>the plan was made for agents with %1 layers, these have %2</source>
        <translation>der Plan wurde für Agenten mit %1 Schichten erstellt, diese haben %2</translation>
    </message>
    <message>
        <source>the plan&apos;s unit list does not fit these agents</source>
        <translation>die Einheitenliste des Plans passt nicht zu diesen Agenten</translation>
    </message>
    <message>
        <source>the plan&apos;s group member %1 is not a unit index</source>
        <translation>das Gruppenmitglied %1 des Plans ist kein Einheitenindex</translation>
    </message>
    <message>
        <source>internal: block tensor list mismatch</source>
        <translation>intern: Tensorliste des Blocks passt nicht</translation>
    </message>
    <message>
        <source>one baseline model, one shared model and one text per agent expected (%1 baseline, %2 shared, %3 texts)</source>
        <translation>ein Basismodell, ein geteiltes Modell und ein Text pro Agent erwartet (%1 Basis, %2 geteilt, %3 Texte)</translation>
    </message>
    <message>
        <source>the baseline and the shared agents must be different models</source>
        <translation>die Basis- und die geteilten Agenten müssen verschiedene Modelle sein</translation>
    </message>
    <message>
        <source>shared agent %1 was not made from baseline agent %2</source>
        <translation>der geteilte Agent %1 wurde nicht aus dem Basisagenten %2 erzeugt</translation>
    </message>
    <message>
        <source>the model has a single unit; similarity needs at least two</source>
        <translation>das Modell hat nur eine Einheit; Ähnlichkeit braucht mindestens zwei</translation>
    </message>
    <message>
        <source>internal: the copy needs tensor &apos;%1&apos;, which the model lacks</source>
        <translation>intern: die Kopie braucht Tensor &apos;%1&apos;, den das Modell nicht hat</translation>
    </message>
    <message>
        <source>internal: tensor &apos;%1&apos; changed shape in the copy</source>
        <translation>intern: Tensor &apos;%1&apos; hat in der Kopie seine Form geändert</translation>
    </message>
    <message>
        <source>layer %1 to remove is out of range: the model has layers 0..%2</source>
        <translation>die zu entfernende Schicht %1 liegt außerhalb des Bereichs: das Modell hat die Schichten 0..%2</translation>
    </message>
    <message>
        <source>layer %1 is named twice in the layers to remove</source>
        <translation>Schicht %1 ist bei den zu entfernenden Schichten zweimal genannt</translation>
    </message>
    <message>
        <source>cannot remove every layer: at least one must remain</source>
        <translation>es können nicht alle Schichten entfernt werden: mindestens eine muss bleiben</translation>
    </message>
    <message>
        <source>the plan names unit %1, which it does not list</source>
        <translation>der Plan nennt Einheit %1, die er nicht listet</translation>
    </message>
    <message>
        <source>layer removal needs a plan over whole blocks; unit &apos;%1&apos; is a sub-block</source>
        <translation>das Entfernen von Schichten braucht einen Plan über ganze Blöcke; Einheit &apos;%1&apos; ist ein Teilblock</translation>
    </message>
    <message>
        <source>cannot drop the last %1 of %2 layers: k must be in 0..%3</source>
        <translation>die letzten %1 von %2 Schichten können nicht weggelassen werden: k muss in 0..%3 liegen</translation>
    </message>
    <message>
        <source>a weight matrix of %1 x %2 needs %3 values, got %4</source>
        <translation>eine Gewichtsmatrix von %1 x %2 braucht %3 Werte, erhalten: %4</translation>
    </message>
    <message>
        <source>exports are stored as F32, F16 or BF16</source>
        <translation>Exporte werden als F32, F16 oder BF16 gespeichert</translation>
    </message>
    <message>
        <source>agent name &quot;%1&quot; cannot name a folder of the pool export; give the agents plain names (--agent-names when analyzing)</source>
        <translation>der Agentenname &quot;%1&quot; kann keinen Ordner des Pool-Exports benennen; geben Sie den Agenten einfache Namen (--agent-names beim Analysieren)</translation>
    </message>
    <message>
        <source>the folder exists and its &quot;%1&quot; holds &quot;%2&quot;, which this export does not write; it is not replaced. Choose a new or empty folder, or remove what is in it.</source>
        <translation>der Ordner existiert und sein &quot;%1&quot; enthält &quot;%2&quot;, was dieser Export nicht schreibt; er wird nicht ersetzt. Wählen Sie einen neuen oder leeren Ordner, oder entfernen Sie seinen Inhalt.</translation>
    </message>
    <message>
        <source>this is not a ShareLens shared pool (metadata &quot;sharelens.format&quot; is not &quot;%1&quot;); export the pool again.</source>
        <translation>dies ist kein gemeinsamer ShareLens-Pool (die Metadaten &quot;sharelens.format&quot; sind nicht &quot;%1&quot;); exportieren Sie den Pool erneut.</translation>
    </message>
    <message>
        <source>the pool&apos;s list of agents (metadata &quot;sharelens.agents&quot;) is missing or not a JSON array of names; the pool is damaged. Export it again.</source>
        <translation>die Agentenliste des Pools (Metadaten &quot;sharelens.agents&quot;) fehlt oder ist kein JSON-Array von Namen; der Pool ist beschädigt. Exportieren Sie ihn erneut.</translation>
    </message>
    <message>
        <source>the pool names fewer than two agents; it is damaged. Export it again.</source>
        <translation>der Pool nennt weniger als zwei Agenten; er ist beschädigt. Exportieren Sie ihn erneut.</translation>
    </message>
    <message>
        <source>a shared pool needs at least two agents</source>
        <translation>ein gemeinsamer Pool braucht mindestens zwei Agenten</translation>
    </message>
    <message>
        <source>%1 agent names for %2 agents</source>
        <translation>%1 Agentennamen für %2 Agenten</translation>
    </message>
    <message>
        <source>two agents are named &quot;%1&quot;; give every agent its own name</source>
        <translation>zwei Agenten heißen &quot;%1&quot;; geben Sie jedem Agenten einen eigenen Namen</translation>
    </message>
    <message>
        <source>the plan was made for %1 agents, but the system has %2</source>
        <translation>der Plan wurde für %1 Agenten erstellt, aber das System hat %2</translation>
    </message>
    <message>
        <source>internal: a null agent was given to the pool export</source>
        <translation>intern: dem Pool-Export wurde ein leerer Agent übergeben</translation>
    </message>
    <message>
        <source>the delta %1 is used by several agents; a pool stores shared base tensors only, deltas stay with their agent</source>
        <translation>das Delta %1 wird von mehreren Agenten verwendet; ein Pool speichert nur geteilte Basistensoren, Deltas bleiben bei ihrem Agenten</translation>
    </message>
    <message>
        <source>cannot create the agent&apos;s folder: %1</source>
        <translation>der Ordner des Agenten kann nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>no sequences to evaluate: the text or id list is empty</source>
        <translation>keine Sequenzen zum Auswerten: der Text oder die ID-Liste ist leer</translation>
    </message>
    <message>
        <source>models are saved as F32, F16 or BF16</source>
        <translation>Modelle werden als F32, F16 oder BF16 gespeichert</translation>
    </message>
    <message>
        <source>cannot create the folder: %1</source>
        <translation>der Ordner kann nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>is not a folder</source>
        <translation>ist kein Ordner</translation>
    </message>
    <message>
        <source>sequence of %1 tokens is longer than the model&apos;s context of %2 positions; use a shorter --seq-len</source>
        <translation>eine Sequenz von %1 Tokens ist länger als der Kontext des Modells von %2 Positionen; verwenden Sie eine kürzere --seq-len</translation>
    </message>
    <message>
        <source>token ids must be a [batch, length] matrix</source>
        <translation>Token-IDs müssen eine [Batch, Länge]-Matrix sein</translation>
    </message>
    <message>
        <source>%1 must be a number of bytes, optionally with a K, M, G or T suffix (e.g. 512M), got &apos;%2&apos;</source>
        <translation>%1 muss eine Anzahl von Bytes sein, optional mit der Endung K, M, G oder T (z. B. 512M), erhalten: &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1 needs about %2 of memory (%3), but only %4 is available; %5</source>
        <translation>%1 braucht etwa %2 Speicher (%3), aber nur %4 sind verfügbar; %5</translation>
    </message>
    <message>
        <source>%1 needs about %2 of memory (%3), but only %4 is available (SHARELENS_MEMORY_LIMIT); %5</source>
        <translation>%1 braucht etwa %2 Speicher (%3), aber nur %4 sind verfügbar (SHARELENS_MEMORY_LIMIT); %5</translation>
    </message>
    <message>
        <source>the low-rank delta rank must be 0 or more, got %1</source>
        <translation>der Rang des Low-Rank-Deltas muss 0 oder mehr sein, erhalten: %1</translation>
    </message>
    <message>
        <source>the sharing plan has no units</source>
        <translation>der Teilungsplan hat keine Einheiten</translation>
    </message>
    <message>
        <source>the plan shares %1 sub-blocks; shared models support whole-block units only for now (analyze with --units blocks)</source>
        <translation>der Plan teilt %1-Teilblöcke; geteilte Modelle unterstützen vorerst nur Einheiten aus ganzen Blöcken (analysieren Sie mit --units blocks)</translation>
    </message>
    <message>
        <source>the plan has %1 units but the model has %2 blocks: it was made for another model; analyze this model to make its plan</source>
        <translation>der Plan hat %1 Einheiten, aber das Modell hat %2 Blöcke: er wurde für ein anderes Modell erstellt; analysieren Sie dieses Modell, um seinen Plan zu erstellen</translation>
    </message>
    <message>
        <source>plan unit %1 (&apos;%2&apos;, %3 parameters) does not match block %4 of the model (%5 parameters): the plan was made for another model</source>
        <translation>Planeinheit %1 (&apos;%2&apos;, %3 Parameter) passt nicht zu Block %4 des Modells (%5 Parameter): der Plan wurde für ein anderes Modell erstellt</translation>
    </message>
    <message>
        <source>the plan lists no norm tensors for unit &apos;%1&apos;, so norms cannot stay private</source>
        <translation>der Plan listet keine Norm-Tensoren für Einheit &apos;%1&apos;, daher können die Normen nicht privat bleiben</translation>
    </message>
    <message>
        <source>the activations of %1 are constant over the calibration data (zero %2), so its similarity is undefined; use more or more varied calibration text, or another metric</source>
        <translation>die Aktivierungen von %1 sind über die Kalibrierdaten konstant (null %2), daher ist ihre Ähnlichkeit undefiniert; verwenden Sie mehr oder abwechslungsreicheren Kalibriertext oder ein anderes Maß</translation>
    </message>
    <message>
        <source>the tokenizer&apos;s pre-tokenizer regex failed on this text: %1</source>
        <translation>der reguläre Ausdruck des Pre-Tokenizers ist an diesem Text gescheitert: %1</translation>
    </message>
    <message>
        <source>tokenizer.json has a Split pre-tokenizer with an empty String pattern</source>
        <translation>tokenizer.json hat einen Split-Pre-Tokenizer mit einem leeren String-Muster</translation>
    </message>
    <message>
        <source>tokenizer.json has a Split pre-tokenizer whose &quot;pattern&quot; is neither {&quot;Regex&quot;: ...} nor {&quot;String&quot;: ...}; the file is damaged</source>
        <translation>tokenizer.json hat einen Split-Pre-Tokenizer, dessen &quot;pattern&quot; weder {&quot;Regex&quot;: ...} noch {&quot;String&quot;: ...} ist; die Datei ist beschädigt</translation>
    </message>
    <message>
        <source>Unicode normalization data (ICU) is unavailable; reinstall libicu</source>
        <translation>die Unicode-Normalisierungsdaten (ICU) sind nicht verfügbar; installieren Sie libicu neu</translation>
    </message>
    <message>
        <source>Unicode normalization failed: %1</source>
        <translation>die Unicode-Normalisierung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>token id %1 is outside this tokenizer&apos;s vocabulary (0..%2)</source>
        <translation>Token-ID %1 liegt außerhalb des Vokabulars dieses Tokenizers (0..%2)</translation>
    </message>
    <message>
        <source>cannot open the tokenizer file; check that it exists and is readable</source>
        <translation>die Tokenizer-Datei kann nicht geöffnet werden; prüfen Sie, ob sie existiert und lesbar ist</translation>
    </message>
    <message>
        <source>cannot read the tokenizer file; check that it is readable</source>
        <translation>die Tokenizer-Datei kann nicht gelesen werden; prüfen Sie, ob sie lesbar ist</translation>
    </message>
    <message>
        <source>tokenizer.json is not valid JSON (%1); the file is damaged or truncated. Download the model&apos;s tokenizer.json again</source>
        <translation>tokenizer.json ist kein gültiges JSON (%1); die Datei ist beschädigt oder abgeschnitten. Laden Sie die tokenizer.json des Modells erneut herunter</translation>
    </message>
    <message>
        <source>tokenizer.json has an unexpected structure (%1); the file is damaged or not a Hugging Face tokenizer</source>
        <translation>tokenizer.json hat eine unerwartete Struktur (%1); die Datei ist beschädigt oder kein Hugging-Face-Tokenizer</translation>
    </message>
    <message>
        <source>token id %1 is outside the byte tokenizer&apos;s vocabulary (0..255)</source>
        <translation>Token-ID %1 liegt außerhalb des Vokabulars des Byte-Tokenizers (0..255)</translation>
    </message>
    <message>
        <source>is not a folder; give the model&apos;s folder (the one holding config.json)</source>
        <translation>ist kein Ordner; geben Sie den Ordner des Modells an (den mit config.json)</translation>
    </message>
    <message>
        <source>no usable tokenizer: %1; and %2</source>
        <translation>kein nutzbarer Tokenizer: %1; und %2</translation>
    </message>
    <message>
        <source>has no tokenizer.json or tokenizer.model, and the model&apos;s vocabulary has %1 entries, so it is not a byte-level model; copy the model&apos;s tokenizer files into the folder, or supply pre-tokenized ids</source>
        <translation>hat weder tokenizer.json noch tokenizer.model, und das Vokabular des Modells hat %1 Einträge, es ist also kein Byte-Level-Modell; kopieren Sie die Tokenizer-Dateien des Modells in den Ordner, oder geben Sie vorab tokenisierte IDs an</translation>
    </message>
    <message>
        <source>the tokenizer has %1 tokens but the model&apos;s vocabulary has only %2; the tokenizer belongs to another model. Use the tokenizer files that came with the model</source>
        <translation>der Tokenizer hat %1 Tokens, aber das Vokabular des Modells hat nur %2; der Tokenizer gehört zu einem anderen Modell. Verwenden Sie die Tokenizer-Dateien, die mit dem Modell kamen</translation>
    </message>
    <message>
        <source>SHARELENS_SPM_HELPER names &quot;%1&quot;, which is not an executable file; point it at sharelens-spm or unset it</source>
        <translation>SHARELENS_SPM_HELPER nennt &quot;%1&quot;, das keine ausführbare Datei ist; lassen Sie es auf sharelens-spm zeigen oder entfernen Sie es</translation>
    </message>
    <message>
        <source>reading SentencePiece models needs the helper program sharelens-spm, which was not found (looked at %1); reinstall ShareLens or set SHARELENS_SPM_HELPER to the helper&apos;s path</source>
        <translation>zum Lesen von SentencePiece-Modellen wird das Hilfsprogramm sharelens-spm gebraucht, das nicht gefunden wurde (gesucht in %1); installieren Sie ShareLens neu oder setzen Sie SHARELENS_SPM_HELPER auf den Pfad des Hilfsprogramms</translation>
    </message>
    <message>
        <source>cannot open the SentencePiece model; check that the file exists</source>
        <translation>das SentencePiece-Modell kann nicht geöffnet werden; prüfen Sie, ob die Datei existiert</translation>
    </message>
    <message>
        <source>the SentencePiece helper (%1) did not answer within %2 s; check that it is ShareLens&apos;s sharelens-spm</source>
        <translation>das SentencePiece-Hilfsprogramm (%1) hat nicht innerhalb von %2 s geantwortet; prüfen Sie, ob es das sharelens-spm von ShareLens ist</translation>
    </message>
    <message>
        <source>the SentencePiece helper (%1) %2 while loading the model; the file is probably not a SentencePiece model (or the helper is not ShareLens&apos;s sharelens-spm). Use the model&apos;s tokenizer.model or tokenizer.json</source>
        <translation>das SentencePiece-Hilfsprogramm (%1) %2 beim Laden des Modells; die Datei ist vermutlich kein SentencePiece-Modell (oder das Hilfsprogramm ist nicht das sharelens-spm von ShareLens). Verwenden Sie die tokenizer.model oder tokenizer.json des Modells</translation>
    </message>
    <message>
        <source>is not a usable SentencePiece model (%1); use the tokenizer.model that came with the model</source>
        <translation>ist kein nutzbares SentencePiece-Modell (%1); verwenden Sie die tokenizer.model, die mit dem Modell kam</translation>
    </message>
    <message>
        <source>cannot create a socket for the SentencePiece helper: %1</source>
        <translation>für das SentencePiece-Hilfsprogramm kann kein Socket angelegt werden: %1</translation>
    </message>
    <message>
        <source>cannot start the SentencePiece helper %1: %2; reinstall ShareLens or set SHARELENS_SPM_HELPER to a working sharelens-spm</source>
        <translation>das SentencePiece-Hilfsprogramm %1 kann nicht gestartet werden: %2; installieren Sie ShareLens neu oder setzen Sie SHARELENS_SPM_HELPER auf ein funktionierendes sharelens-spm</translation>
    </message>
    <message>
        <source>text too large for one SentencePiece request (over 1 GiB); split it</source>
        <translation>der Text ist zu groß für eine SentencePiece-Anfrage (über 1 GiB); teilen Sie ihn auf</translation>
    </message>
    <message>
        <source>the SentencePiece helper is not running (it stopped earlier); reload the tokenizer</source>
        <translation>das SentencePiece-Hilfsprogramm läuft nicht (es wurde vorher beendet); laden Sie den Tokenizer neu</translation>
    </message>
    <message>
        <source>the SentencePiece helper (%1) %2; reload the tokenizer</source>
        <translation>das SentencePiece-Hilfsprogramm (%1) %2; laden Sie den Tokenizer neu</translation>
    </message>
    <message>
        <source>SentencePiece could not %1: %2</source>
        <translation>SentencePiece konnte nicht %1: %2</translation>
    </message>
    <message>
        <source>training stopped at step %1: the loss became NaN; lower the learning rate</source>
        <translation>das Training wurde bei Schritt %1 beendet: der Verlust wurde NaN; senken Sie die Lernrate</translation>
    </message>
    <message>
        <source>training stopped at step %1: the loss became infinite; lower the learning rate</source>
        <translation>das Training wurde bei Schritt %1 beendet: der Verlust wurde unendlich; senken Sie die Lernrate</translation>
    </message>
    <message>
        <source>steps must be at least 1</source>
        <translation>die Anzahl der Schritte muss mindestens 1 sein</translation>
    </message>
    <message>
        <source>sequence length must be at least 2</source>
        <translation>die Sequenzlänge muss mindestens 2 sein</translation>
    </message>
    <message>
        <source>sequence length %1 exceeds the model&apos;s context of %2 tokens</source>
        <translation>die Sequenzlänge %1 übersteigt den Kontext des Modells von %2 Tokens</translation>
    </message>
    <message>
        <source>learning rate must be a positive number</source>
        <translation>die Lernrate muss eine positive Zahl sein</translation>
    </message>
    <message>
        <source>the training text has %1 tokens, fewer than one sequence of %2; use a longer text or a shorter sequence length</source>
        <translation>der Trainingstext hat %1 Tokens, weniger als eine Sequenz von %2; verwenden Sie einen längeren Text oder eine kürzere Sequenzlänge</translation>
    </message>
    <message>
        <source>the validation text has %1 tokens, fewer than one sequence of %2; use a longer text, a larger validation fraction or a shorter sequence length</source>
        <translation>der Validierungstext hat %1 Tokens, weniger als eine Sequenz von %2; verwenden Sie einen längeren Text, einen größeren Validierungsanteil oder eine kürzere Sequenzlänge</translation>
    </message>
    <message>
        <source>%1 token id %2 is outside the vocabulary</source>
        <translation>%1 Token-ID %2 liegt außerhalb des Vokabulars</translation>
    </message>
    <message>
        <source>the trainer checkpoint&apos;s batch sampler state is damaged</source>
        <translation>der Zustand des Batch-Samplers im Trainer-Checkpoint ist beschädigt</translation>
    </message>
    <message>
        <source>cannot create the checkpoint folder: %1</source>
        <translation>der Checkpoint-Ordner kann nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>no trainer checkpoint to resume from (expected %1); give the folder a run wrote with a checkpoint folder set</source>
        <translation>kein Trainer-Checkpoint zum Fortsetzen (erwartet: %1); geben Sie den Ordner an, den ein Lauf mit gesetztem Checkpoint-Ordner geschrieben hat</translation>
    </message>
    <message>
        <source>not a ShareLens trainer checkpoint, or a damaged one</source>
        <translation>kein ShareLens-Trainer-Checkpoint, oder ein beschädigter</translation>
    </message>
    <message>
        <source>not a ShareLens trainer checkpoint of a known version</source>
        <translation>kein ShareLens-Trainer-Checkpoint einer bekannten Version</translation>
    </message>
    <message>
        <source>the checkpoint was written with %1 = %2, this run has %3; resume with the settings of the run that wrote it</source>
        <translation>der Checkpoint wurde mit %1 = %2 geschrieben, dieser Lauf hat %3; setzen Sie mit den Einstellungen des Laufs fort, der ihn geschrieben hat</translation>
    </message>
    <message>
        <source>the checkpoint holds %1 models, this run trains %2</source>
        <translation>der Checkpoint enthält %1 Modelle, dieser Lauf trainiert %2</translation>
    </message>
    <message>
        <source>internal: one batch per trained model expected</source>
        <translation>intern: ein Batch pro trainiertem Modell erwartet</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s model has a different number of parameter tensors than this model</source>
        <translation>das Modell des Checkpoints hat eine andere Anzahl von Parametertensoren als dieses Modell</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s parameter tensor %1 does not match this model&apos;s (shape or type)</source>
        <translation>der Parametertensor %1 des Checkpoints passt nicht zu dem dieses Modells (Form oder Typ)</translation>
    </message>
    <message>
        <source>the checkpoint has no optimizer state</source>
        <translation>der Checkpoint hat keinen Optimiererzustand</translation>
    </message>
    <message>
        <source>the shared model was not made from the baseline (different vocabulary, layers or width)</source>
        <translation>das geteilte Modell wurde nicht aus dem Basismodell erzeugt (anderes Vokabular, andere Schichten oder Breite)</translation>
    </message>
    <message>
        <source>the baseline and the shared model must be two models</source>
        <translation>das Basismodell und das geteilte Modell müssen zwei Modelle sein</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; must be an integer from %3 to %4, but it is %5</source>
        <translation>%1: &quot;%2&quot; muss eine Ganzzahl von %3 bis %4 sein, ist aber %5</translation>
    </message>
    <message>
        <source>%1: expected an object holding &quot;%2&quot;, but found an %3</source>
        <translation>%1: erwartet wird ein Objekt mit &quot;%2&quot;, gefunden wurde aber ein %3</translation>
    </message>
    <message>
        <source>%1: expected an object holding &quot;%2&quot;, but found a %3</source>
        <translation>%1: erwartet wird ein Objekt mit &quot;%2&quot;, gefunden wurde aber ein %3</translation>
    </message>
    <message>
        <source>sharing plan</source>
        <translation>Teilungsplan</translation>
    </message>
    <message>
        <source>agents sharing plan</source>
        <translation>Agenten-Teilungsplan</translation>
    </message>
    <message>
        <source>LibTorch reported: %1</source>
        <translation>LibTorch meldet: %1</translation>
    </message>
    <message>
        <source>out of memory; use fewer or shorter sequences, or a smaller model</source>
        <translation>kein Speicher mehr; verwenden Sie weniger oder kürzere Sequenzen oder ein kleineres Modell</translation>
    </message>
    <message>
        <source>the tensor %1 uses</source>
        <translation>verwendet von Tensor %1</translation>
    </message>
    <message>
        <source>the base of a delta</source>
        <translation>die Basis eines Deltas</translation>
    </message>
    <message>
        <source>delta of %1</source>
        <translation>Delta von %1</translation>
    </message>
    <message>
        <source>is not a valid ShareLens session: %1 %2; open a file saved by ShareLens or save the session again</source>
        <translation>ist keine gültige ShareLens-Sitzung: %1 %2; öffnen Sie eine von ShareLens gespeicherte Datei oder speichern Sie die Sitzung erneut</translation>
    </message>
    <message>
        <source>is not a ShareLens session (not valid JSON: %1)</source>
        <translation>ist keine ShareLens-Sitzung (kein gültiges JSON: %1)</translation>
    </message>
    <message>
        <source>is not a ShareLens session (no &quot;format&quot;: &quot;sharelens-session&quot;); open a .sharelens file saved by ShareLens</source>
        <translation>ist keine ShareLens-Sitzung (kein &quot;format&quot;: &quot;sharelens-session&quot;); öffnen Sie eine von ShareLens gespeicherte .sharelens-Datei</translation>
    </message>
    <message>
        <source>was saved by a newer ShareLens (session version %1; this one reads version %2); update ShareLens to open it</source>
        <translation>wurde von einem neueren ShareLens gespeichert (Sitzungsversion %1; dieses liest Version %2); aktualisieren Sie ShareLens, um sie zu öffnen</translation>
    </message>
    <message>
        <source>agent %1: %2</source>
        <translation>Agent %1: %2</translation>
    </message>
    <message>
        <source>agent %1: the text gives %2 training and %3 validation tokens, fewer than one sequence of %4 each; choose a longer text or a shorter sequence length</source>
        <translation>Agent %1: der Text ergibt %2 Trainings- und %3 Validierungstokens, weniger als je eine Sequenz von %4; wählen Sie einen längeren Text oder eine kürzere Sequenzlänge</translation>
    </message>
    <message>
        <source>--seq-len %1 is longer than the model&apos;s context of %2 tokens</source>
        <translation>--seq-len %1 ist länger als der Kontext des Modells von %2 Tokens</translation>
    </message>
    <message>
        <source>the output %1 is the file this command reads (%2); it is not replaced. Choose another output path.</source>
        <translation>die Ausgabe %1 ist die Datei, die dieser Befehl liest (%2); sie wird nicht ersetzt. Wählen Sie einen anderen Ausgabepfad.</translation>
    </message>
    <message>
        <source>%1 exists and is not a %2 written by ShareLens; it is not replaced. Choose another path, or remove it first.</source>
        <translation>%1 existiert und ist kein von ShareLens geschriebenes %2; es wird nicht ersetzt. Wählen Sie einen anderen Pfad oder entfernen Sie es zuerst.</translation>
    </message>
    <message>
        <source>the folder %1 is not empty and is not a ShareLens %2 export (it has no %3); it is not replaced. Choose a new or empty folder, remove it first, or pass %4 to replace it.</source>
        <translation>der Ordner %1 ist nicht leer und kein ShareLens-Export (%2) (ihm fehlt %3); er wird nicht ersetzt. Wählen Sie einen neuen oder leeren Ordner, entfernen Sie ihn zuerst, oder geben Sie %4 an, um ihn zu ersetzen.</translation>
    </message>
    <message>
        <source>%1 is %2, not a regular file; ShareLens writes only regular files and never replaces a device, pipe or socket. Choose a file path.</source>
        <translation>%1 ist %2, keine reguläre Datei; ShareLens schreibt nur reguläre Dateien und ersetzt nie ein Gerät, eine Pipe oder einen Socket. Wählen Sie einen Dateipfad.</translation>
    </message>
    <message>
        <source>%1 is read-only; it is not replaced. Make it writable (chmod u+w) or choose another path.</source>
        <translation>%1 ist schreibgeschützt; es wird nicht ersetzt. Machen Sie es beschreibbar (chmod u+w) oder wählen Sie einen anderen Pfad.</translation>
    </message>
    <message>
        <source>%1 exists; it is not replaced. Choose another path, or pass %2 to replace it.</source>
        <translation>%1 existiert; es wird nicht ersetzt. Wählen Sie einen anderen Pfad, oder geben Sie %2 an, um es zu ersetzen.</translation>
    </message>
    <message>
        <source>the JSON nests deeper than %1 levels, which no file ShareLens reads needs; the file is damaged or is not what it claims to be.</source>
        <translation>das JSON ist tiefer als %1 Ebenen verschachtelt, was keine von ShareLens gelesene Datei braucht; die Datei ist beschädigt oder nicht, was sie zu sein vorgibt.</translation>
    </message>
    <message>
        <source>the pickle inside this checkpoint nests deeper than %1 levels, which no checkpoint needs; the file is damaged or was crafted. Get the checkpoint again, preferably as safetensors.</source>
        <translation>der Pickle in diesem Checkpoint ist tiefer als %1 Ebenen verschachtelt, was kein Checkpoint braucht; die Datei ist beschädigt oder manipuliert. Holen Sie den Checkpoint erneut, am besten als safetensors.</translation>
    </message>
    <message>
        <source>the pickle inside this checkpoint is %1, more than the %2 a checkpoint&apos;s pickle needs; the file is damaged or was crafted. Get the checkpoint again, preferably as safetensors.</source>
        <translation>der Pickle in diesem Checkpoint ist %1 groß, mehr als die %2, die der Pickle eines Checkpoints braucht; die Datei ist beschädigt oder manipuliert. Holen Sie den Checkpoint erneut, am besten als safetensors.</translation>
    </message>
    <message>
        <source>%1 is %2, not a regular file; give a file that holds %3.</source>
        <translation>%1 ist %2, keine reguläre Datei; geben Sie eine Datei an, die %3 enthält.</translation>
    </message>
    <message>
        <source>the file is %1, more than the %2 that %3 may be; %4</source>
        <translation>die Datei ist %1 groß, mehr als die %2, die %3 haben darf; %4</translation>
    </message>
    <message>
        <source>the file is %1, more than the %2 a ShareLens session may hold; it is not a session, or it is damaged.</source>
        <translation>die Datei ist %1 groß, mehr als die %2, die eine ShareLens-Sitzung enthalten darf; sie ist keine Sitzung oder beschädigt.</translation>
    </message>
    <message>
        <source>there is not enough memory for %1; close other programs, or use a smaller model, batch or text.</source>
        <translation>es gibt nicht genug Speicher für %1; schließen Sie andere Programme oder verwenden Sie ein kleineres Modell, einen kleineren Batch oder Text.</translation>
    </message>
    <message>
        <source>the tokenizer&apos;s pre-tokenizer pattern %1 needs too much matching work on this text (the limit is %2); the pattern is pathological or the tokenizer.json is damaged.</source>
        <translation>das Vor-Tokenisierungsmuster %1 des Tokenizers braucht auf diesem Text zu viel Suchaufwand (die Grenze ist %2); das Muster ist pathologisch oder die tokenizer.json ist beschädigt.</translation>
    </message>
    <message>
        <source>the tokenizer file exists but cannot be read: %1. Replace it with the model&apos;s real tokenizer file, or remove it.</source>
        <translation>die Tokenizer-Datei existiert, kann aber nicht gelesen werden: %1. Ersetzen Sie sie durch die echte Tokenizer-Datei des Modells oder entfernen Sie sie.</translation>
    </message>
    <message>
        <source>shard %1 listed in %2 is %3, not a file; replace it with the real shard file.</source>
        <translation>der in %2 aufgeführte Teil %1 ist %3, keine Datei; ersetzen Sie ihn durch die echte Teildatei.</translation>
    </message>
    <message>
        <source>shard %1 listed in %2 is a symbolic link that leads nowhere (a loop or a dangling link); fix the link or replace it with the real shard file.</source>
        <translation>der in %2 aufgeführte Teil %1 ist ein symbolischer Link, der ins Leere führt (eine Schleife oder ein verwaister Link); reparieren Sie den Link oder ersetzen Sie ihn durch die echte Teildatei.</translation>
    </message>
    <message>
        <source>config.json says %1 is %2, but the weights hold %3; the config does not belong to these weights. Use the checkpoint&apos;s own config.json.</source>
        <translation>config.json gibt %1 als %2 an, aber die Gewichte enthalten %3; die Konfiguration gehört nicht zu diesen Gewichten. Verwenden Sie die config.json des Checkpoints.</translation>
    </message>
    <message>
        <source>the checkpoint holds %1 tensors that a %2 model as configured does not use (%3); the config does not describe these weights. Use the checkpoint&apos;s own config.json, or pass --allow-unused to ignore them.</source>
        <translation>der Checkpoint enthält %1 Tensoren, die ein so konfiguriertes %2-Modell nicht verwendet (%3); die Konfiguration beschreibt diese Gewichte nicht. Verwenden Sie die config.json des Checkpoints oder geben Sie --allow-unused an, um sie zu ignorieren.</translation>
    </message>
    <message>
        <source>the plan names tensor %1, which this model does not have; the plan was made for another model.</source>
        <translation>der Plan nennt den Tensor %1, den dieses Modell nicht hat; der Plan wurde für ein anderes Modell erstellt.</translation>
    </message>
    <message>
        <source>the loss is not finite (%1); the first non-finite activations appear in %2. The weights hold NaN or infinite values there.</source>
        <translation>der Verlust ist nicht endlich (%1); die ersten nicht endlichen Aktivierungen treten in %2 auf. Die Gewichte enthalten dort NaN- oder unendliche Werte.</translation>
    </message>
    <message>
        <source>group %1 joins %2 with %3; units of different kinds or shapes cannot share parameters. Make groups of one kind each.</source>
        <translation>Gruppe %1 verbindet %2 mit %3; Einheiten verschiedener Art oder Form können keine Parameter teilen. Bilden Sie Gruppen aus je einer Art.</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>ein Ordner</translation>
    </message>
    <message>
        <source>a FIFO (named pipe)</source>
        <translation>eine FIFO (benannte Pipe)</translation>
    </message>
    <message>
        <source>a character device</source>
        <translation>ein Zeichengerät</translation>
    </message>
    <message>
        <source>a block device</source>
        <translation>ein Blockgerät</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>ein Socket</translation>
    </message>
    <message>
        <source>a symbolic link to nothing</source>
        <translation>ein symbolischer Link ins Leere</translation>
    </message>
    <message>
        <source>a symbolic link loop</source>
        <translation>eine Schleife symbolischer Links</translation>
    </message>
    <message>
        <source>a special file</source>
        <translation>eine Spezialdatei</translation>
    </message>
    <message>
        <source>it is %1</source>
        <translation>es ist %1</translation>
    </message>
    <message>
        <source>the embedding</source>
        <translation>der Einbettung</translation>
    </message>
    <message>
        <source>block %1</source>
        <translation>Block %1</translation>
    </message>
    <message>
        <source>block %1 (attention)</source>
        <translation>Block %1 (Attention)</translation>
    </message>
    <message>
        <source>block %1 (MLP)</source>
        <translation>Block %1 (MLP)</translation>
    </message>
    <message>
        <source>the final norm</source>
        <translation>der abschließenden Normierung</translation>
    </message>
    <message>
        <source>the lm head</source>
        <translation>dem LM-Kopf</translation>
    </message>
    <message>
        <source>the loss computation</source>
        <translation>der Verlustberechnung</translation>
    </message>
    <message>
        <source>1 layer (block 0)</source>
        <translation>1 Schicht (Block 0)</translation>
    </message>
    <message>
        <source>%1 layers (blocks 0 to %2)</source>
        <translation>%1 Schichten (Blöcke 0 bis %2)</translation>
    </message>
    <message>
        <source>layer_types lists %1 entries, but the model has %2 layers; the config.json is inconsistent. Use the checkpoint&apos;s own config.json.</source>
        <translation>layer_types nennt %1 Einträge, das Modell hat aber %2 Schichten; die config.json ist widersprüchlich. Verwenden Sie die config.json des Checkpoints.</translation>
    </message>
    <message>
        <source>group %1 ties layer %2 (%3) with layer %4 (%5); layers of different attention types attend differently and should not share parameters. Make groups of one attention type, or pass --allow-mixed-attention to tie them anyway.</source>
        <translation>Gruppe %1 verbindet Schicht %2 (%3) mit Schicht %4 (%5); Schichten verschiedener Attention-Arten arbeiten verschieden und sollten keine Parameter teilen. Bilden Sie Gruppen einer Attention-Art oder übergeben Sie --allow-mixed-attention, um sie dennoch zu verbinden.</translation>
    </message>
    <message>
        <source>local sliding-window attention</source>
        <translation>lokale Sliding-Window-Attention</translation>
    </message>
    <message>
        <source>global attention</source>
        <translation>globale Attention</translation>
    </message>
    <message>
        <source>tokenizer.json uses %1 &quot;%2&quot;, which this version of ShareLens does not implement; its ids would differ from the model&apos;s own. Use the model&apos;s tokenizer.model, or pre-tokenized ids (--token-ids).</source>
        <translation>tokenizer.json verwendet %1 „%2“, das diese ShareLens-Version nicht implementiert; die Token-IDs wichen von denen des Modells ab. Verwenden Sie das tokenizer.model des Modells oder vorab tokenisierte IDs (--token-ids).</translation>
    </message>
    <message>
        <source>tokenizer_config.json&apos;s %1 is %2, not %3; the file is damaged. Use the tokenizer_config.json that came with the model.</source>
        <translation>%1 in tokenizer_config.json ist %2, nicht %3; die Datei ist beschädigt. Verwenden Sie die tokenizer_config.json, die mit dem Modell kam.</translation>
    </message>
    <message>
        <source>the file does not start with GGUF&apos;s magic bytes &quot;GGUF&quot;; it is not a GGUF file.</source>
        <translation>die Datei beginnt nicht mit den GGUF-Kennbytes „GGUF“; sie ist keine GGUF-Datei.</translation>
    </message>
    <message>
        <source>the file is GGUF version %1, which ShareLens does not read (it reads versions 2 and 3); convert the model again with a current llama.cpp, or use its safetensors.</source>
        <translation>die Datei hat GGUF-Version %1, die ShareLens nicht liest (es liest die Versionen 2 und 3); konvertieren Sie das Modell erneut mit einem aktuellen llama.cpp oder verwenden Sie seine safetensors-Dateien.</translation>
    </message>
    <message>
        <source>the GGUF file ends inside %1 (at byte %2 of %3); the file is truncated. Download it again.</source>
        <translation>die GGUF-Datei endet mitten in %1 (bei Byte %2 von %3); die Datei ist abgeschnitten. Laden Sie sie erneut herunter.</translation>
    </message>
    <message>
        <source>tensor %1&apos;s data (bytes %2 to %3) lies past the end of the file (%4 bytes); the file is truncated or damaged. Download it again.</source>
        <translation>die Daten von Tensor %1 (Bytes %2 bis %3) liegen hinter dem Dateiende (%4 Bytes); die Datei ist abgeschnitten oder beschädigt. Laden Sie sie erneut herunter.</translation>
    </message>
    <message>
        <source>tensor %1 is stored as %2, which ShareLens does not read (it reads F32, F16, BF16 and Q8_0); convert the model with llama.cpp to one of these types, or use its safetensors.</source>
        <translation>Tensor %1 ist als %2 gespeichert, was ShareLens nicht liest (es liest F32, F16, BF16 und Q8_0); konvertieren Sie das Modell mit llama.cpp in einen dieser Typen oder verwenden Sie seine safetensors-Dateien.</translation>
    </message>
    <message>
        <source>the GGUF file holds a &quot;%1&quot; model; ShareLens reads %2 from GGUF. Use the model&apos;s safetensors checkpoint.</source>
        <translation>die GGUF-Datei enthält ein „%1“-Modell; ShareLens liest %2 aus GGUF. Verwenden Sie den safetensors-Checkpoint des Modells.</translation>
    </message>
    <message>
        <source>the GGUF metadata lacks %1, which a %2 model needs; the file is incomplete. Convert the model again.</source>
        <translation>in den GGUF-Metadaten fehlt %1, das ein %2-Modell braucht; die Datei ist unvollständig. Konvertieren Sie das Modell erneut.</translation>
    </message>
    <message>
        <source>GGUF metadata %1 is %2, expected %3; the file is damaged.</source>
        <translation>die GGUF-Metadaten %1 sind %2, erwartet wurde %3; die Datei ist beschädigt.</translation>
    </message>
    <message>
        <source>the GGUF header is invalid: %1; the file is damaged or was crafted.</source>
        <translation>der GGUF-Kopf ist ungültig: %1; die Datei ist beschädigt oder manipuliert.</translation>
    </message>
    <message>
        <source>the GGUF vocabulary is of type &quot;%1&quot;; ShareLens reads &quot;gpt2&quot; (byte-level BPE) and &quot;llama&quot; (SentencePiece) vocabularies. Give pre-tokenized ids (--token-ids).</source>
        <translation>das GGUF-Vokabular hat den Typ „%1“; ShareLens liest Vokabulare vom Typ „gpt2“ (Byte-Level-BPE) und „llama“ (SentencePiece). Geben Sie vorab tokenisierte IDs an (--token-ids).</translation>
    </message>
    <message>
        <source>give the text to tokenize: --text FILE or --string S (one of them).</source>
        <translation>geben Sie den zu tokenisierenden Text an: --text DATEI oder --string S (eines davon).</translation>
    </message>
    <message>
        <source>%1 has no tokenizer (no tokenizer.json, tokenizer.model or GGUF vocabulary); give the model folder with its tokenizer, or a tokenizer.json.</source>
        <translation>%1 hat keinen Tokenizer (kein tokenizer.json, tokenizer.model oder GGUF-Vokabular); geben Sie den Modellordner mit seinem Tokenizer oder eine tokenizer.json an.</translation>
    </message>
    <message>
        <source>%1 = %2 in this %3 config.json is not implemented by this version of ShareLens; loading the model without it would compute a different model. Use a checkpoint without it, or a ShareLens that implements it.</source>
        <translation>%1 = %2 in dieser %3-config.json ist in dieser ShareLens-Version nicht implementiert; ohne es geladen, würde ein anderes Modell gerechnet. Verwenden Sie einen Checkpoint ohne dieses Feld oder eine ShareLens-Version, die es implementiert.</translation>
    </message>
    <message>
        <source>%1 in this %2 config.json is %3, which is not valid (%4); the config.json is damaged. Use the checkpoint&apos;s own config.json.</source>
        <translation>%1 in dieser %2-config.json ist %3, was nicht gültig ist (%4); die config.json ist beschädigt. Verwenden Sie die config.json des Checkpoints.</translation>
    </message>
    <message>
        <source>the id list holds no sequences; a token-id file is a JSON array of sequences, e.g. [[15, 7, 99], [3, 4]].</source>
        <translation>die ID-Liste enthält keine Sequenzen; eine Token-ID-Datei ist ein JSON-Array von Sequenzen, z. B. [[15, 7, 99], [3, 4]].</translation>
    </message>
    <message>
        <source>the GGUF file uses %1, which ShareLens does not implement for GGUF; the model would compute differently. Use the model&apos;s safetensors checkpoint.</source>
        <translation>die GGUF-Datei verwendet %1, was ShareLens für GGUF nicht implementiert; das Modell würde anders rechnen. Verwenden Sie den safetensors-Checkpoint des Modells.</translation>
    </message>
    <message>
        <source>the GGUF vocabulary uses the pre-tokenizer &quot;%1&quot; (tokenizer.ggml.pre), which ShareLens does not implement; its ids would differ from the model&apos;s own. Use the model&apos;s tokenizer.json, or pre-tokenized ids (--token-ids).</source>
        <translation>das GGUF-Vokabular verwendet den Prä-Tokenizer „%1“ (tokenizer.ggml.pre), den ShareLens nicht implementiert; die Token-IDs wichen von denen des Modells ab. Verwenden Sie die tokenizer.json des Modells oder vorab tokenisierte IDs (--token-ids).</translation>
    </message>
    <message>
        <source>line %1 is not a point of a pruning curve (strategy,removed,threshold,parameters,loss); give the curve.csv that &apos;sharelens-cli curve&apos; writes</source>
        <translation>Zeile %1 ist kein Punkt einer Beschneidungskurve (strategy,removed,threshold,parameters,loss); geben Sie die curve.csv an, die &apos;sharelens-cli curve&apos; schreibt</translation>
    </message>
    <message>
        <source>the file has no %1; give the analysis.json that &apos;sharelens-cli analyze&apos; writes</source>
        <translation>die Datei enthält keine %1; geben Sie die analysis.json an, die &apos;sharelens-cli analyze&apos; schreibt</translation>
    </message>
    <message>
        <source>square similarity matrix</source>
        <translation>quadratische Ähnlichkeitsmatrix</translation>
    </message>
    <message>
        <source>numeric similarity matrix</source>
        <translation>numerische Ähnlichkeitsmatrix</translation>
    </message>
    <message>
        <source>--thresholds must be a comma-separated list of distances in [0, 2], got &apos;%1&apos;</source>
        <translation>--thresholds muss eine kommagetrennte Liste von Distanzen in [0, 2] sein, erhalten: &apos;%1&apos;</translation>
    </message>
    <message>
        <source>the analysis has %1 units but the model has %2; give the analysis.json made for this model</source>
        <translation>die Analyse hat %1 Einheiten, aber das Modell hat %2; geben Sie die für dieses Modell erstellte analysis.json an</translation>
    </message>
    <message>
        <source>has no importance; give the analysis.json of &apos;sharelens-cli analyze --importance&apos;</source>
        <translation>enthält keine Wichtigkeit; geben Sie die analysis.json von &apos;sharelens-cli analyze --importance&apos; an</translation>
    </message>
    <message>
        <source>importance.angular_distance has no list for n = %1; run analyze --importance again</source>
        <translation>importance.angular_distance enthält keine Liste für n = %1; führen Sie analyze --importance erneut aus</translation>
    </message>
    <message>
        <source>%1 must be a whole number from %2 to %3, got &apos;%4&apos;</source>
        <translation>%1 muss eine ganze Zahl von %2 bis %3 sein, erhalten: &apos;%4&apos;</translation>
    </message>
    <message>
        <source>--compute must be f32 or bf16, got &apos;%1&apos;</source>
        <translation>--compute muss f32 oder bf16 sein, erhalten: &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--distill must be none, logits, hidden or both, got &apos;%1&apos;</source>
        <translation>--distill muss none, logits, hidden oder both sein, erhalten: &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--distill-temperature must be greater than 0 (1 = the models&apos; own distributions, 2 to 4 = softer), got %1</source>
        <translation>--distill-temperature muss größer als 0 sein (1 = die eigenen Verteilungen der Modelle, 2 bis 4 = weicher), erhalten: %1</translation>
    </message>
    <message>
        <source>--distill trains one shared model against its unshared original; it is not available for several models (agents)</source>
        <translation>--distill trainiert ein geteiltes Modell gegen sein ungeteiltes Original; für mehrere Modelle (Agenten) gibt es das nicht</translation>
    </message>
    <message>
        <source>--removal-steps needs the leave-one-out losses; leave out --no-leave-one-out</source>
        <translation>--removal-steps braucht die Leave-one-out-Verluste; lassen Sie --no-leave-one-out weg</translation>
    </message>
    <message>
        <source>--importance is for one MODEL; agents mode has no importance</source>
        <translation>--importance gilt für ein einzelnes MODEL; im Agentenmodus gibt es keine Wichtigkeit</translation>
    </message>
    <message>
        <source>--launch starts its own workers: leave it out when torchrun or mpirun starts the ranks (WORLD_SIZE is set)</source>
        <translation>--launch startet eigene Worker-Prozesse: lassen Sie es weg, wenn torchrun oder mpirun die Ränge startet (WORLD_SIZE ist gesetzt)</translation>
    </message>
    <message>
        <source>--launch found no free TCP port on 127.0.0.1: %1</source>
        <translation>--launch hat auf 127.0.0.1 keinen freien TCP-Port gefunden: %1</translation>
    </message>
    <message>
        <source>--launch could not start a worker process: %1</source>
        <translation>--launch konnte keinen Worker-Prozess starten: %1</translation>
    </message>
    <message>
        <source>--launch cannot find its own executable (/proc/self/exe)</source>
        <translation>--launch findet seine eigene ausführbare Datei nicht (/proc/self/exe)</translation>
    </message>
    <message>
        <source>rank %1 of %2</source>
        <translation>Rang %1 von %2</translation>
    </message>
    <message>
        <source>%1 is not set: a distributed run needs RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT (as torchrun sets them), or --launch N on one machine</source>
        <translation>%1 ist nicht gesetzt: ein verteilter Lauf braucht RANK, WORLD_SIZE, MASTER_ADDR und MASTER_PORT (wie torchrun sie setzt) oder --launch N auf einem Rechner</translation>
    </message>
    <message>
        <source>%1 cannot host the rendezvous at %2 (%3); choose a free MASTER_PORT</source>
        <translation>%1 kann den Rendezvous-Dienst unter %2 nicht starten (%3); wählen Sie einen freien MASTER_PORT</translation>
    </message>
    <message>
        <source>%1: rank 0 never answered at %2 within %3 s (SHARELENS_DIST_TIMEOUT); start rank 0 or check MASTER_ADDR and MASTER_PORT</source>
        <translation>%1: Rang 0 hat unter %2 nicht innerhalb von %3 s geantwortet (SHARELENS_DIST_TIMEOUT); starten Sie Rang 0 oder prüfen Sie MASTER_ADDR und MASTER_PORT</translation>
    </message>
    <message>
        <source>%1: the group did not form within %2 s (SHARELENS_DIST_TIMEOUT): rank %3 never arrived at %4; start every rank with the same MASTER_ADDR, MASTER_PORT and WORLD_SIZE</source>
        <translation>%1: die Gruppe kam nicht innerhalb von %2 s zustande (SHARELENS_DIST_TIMEOUT): Rang %3 ist nie bei %4 angekommen; starten Sie jeden Rang mit denselben Werten für MASTER_ADDR, MASTER_PORT und WORLD_SIZE</translation>
    </message>
    <message>
        <source>%1: the Gloo process group could not connect (%2); set GLOO_SOCKET_IFNAME to the network interface the ranks reach each other on</source>
        <translation>%1: die Gloo-Prozessgruppe konnte keine Verbindung herstellen (%2); setzen Sie GLOO_SOCKET_IFNAME auf die Netzwerkschnittstelle, über die sich die Ränge erreichen</translation>
    </message>
    <message>
        <source>%1 stopped during %2: %3; every rank stops (resume a fine-tune from its last checkpoint with --resume)</source>
        <translation>%1 brach während %2 ab: %3; alle Ränge brechen ab (setzen Sie ein Feintuning mit --resume an seinem letzten Checkpoint fort)</translation>
    </message>
    <message>
        <source>the batch (%1 sequences) is smaller than the number of processes (%2): give --batch %2 or more</source>
        <translation>der Batch (%1 Sequenzen) ist kleiner als die Anzahl der Prozesse (%2): geben Sie --batch %2 oder mehr an</translation>
    </message>
    <message>
        <source>the distillation temperature must be a positive number (1 = the models&apos; own distributions, 2 to 4 = softer), got %1</source>
        <translation>die Destillationstemperatur muss eine positive Zahl sein (1 = die eigenen Verteilungen der Modelle, 2 bis 4 = weicher), erhalten: %1</translation>
    </message>
    <message>
        <source>the distillation weight must be between 0 and 1 (the share of the KL term; the cross-entropy gets the rest), got %1</source>
        <translation>das Destillationsgewicht muss zwischen 0 und 1 liegen (der Anteil des KL-Terms; die Kreuzentropie erhält den Rest), erhalten: %1</translation>
    </message>
    <message>
        <source>the hidden-state distillation weight must be a number of 0 or more, got %1</source>
        <translation>das Gewicht der Destillation der verborgenen Zustände muss eine Zahl von 0 oder mehr sein, erhalten: %1</translation>
    </message>
    <message>
        <source>distillation (%1) needs the unshared model as its teacher; none was given</source>
        <translation>die Destillation (%1) braucht das ungeteilte Modell als Lehrer; es wurde keines angegeben</translation>
    </message>
    <message>
        <source>the distillation teacher (%1 layers, hidden %2, vocabulary %3) does not match the model it teaches (%4 layers, hidden %5, vocabulary %6); distil from the model the shared one was made from</source>
        <translation>der Destillationslehrer (%1 Schichten, verborgene Größe %2, Vokabular %3) passt nicht zu dem Modell, das er lehrt (%4 Schichten, verborgene Größe %5, Vokabular %6); destillieren Sie aus dem Modell, aus dem das geteilte erstellt wurde</translation>
    </message>
    <message>
        <source>--train shared trains the shared groups of a shared model, but this model was not built from a sharing plan; use --train all</source>
        <translation>--train shared trainiert die geteilten Gruppen eines geteilten Modells, aber dieses Modell wurde nicht aus einem Teilungsplan gebaut; verwenden Sie --train all</translation>
    </message>
    <message>
        <source>--train shared has nothing to train: the plan has no group of two or more units; use --train all or a plan that shares layers</source>
        <translation>--train shared hat nichts zu trainieren: der Plan hat keine Gruppe aus zwei oder mehr Einheiten; verwenden Sie --train all oder einen Plan, der Schichten teilt</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>the task file holds no items; each line is {&quot;context&quot;: &quot;...&quot;, &quot;choices&quot;: [&quot;...&quot;, &quot;...&quot;], &quot;label&quot;: 0}</source>
        <translation>die Aufgabendatei enthält keine Aufgaben; jede Zeile ist {&quot;context&quot;: &quot;...&quot;, &quot;choices&quot;: [&quot;...&quot;, &quot;...&quot;], &quot;label&quot;: 0}</translation>
    </message>
    <message>
        <source>the context is empty and the tokenizer adds no BOS, so nothing predicts the first token of a choice; give some context</source>
        <translation>der Kontext ist leer und der Tokenizer fügt kein BOS hinzu, sodass nichts das erste Token einer Antwort vorhersagen kann; geben Sie etwas Kontext an</translation>
    </message>
    <message>
        <source>choice %1 is %2 tokens; it needs 1 to %3 (the model&apos;s context)</source>
        <translation>Antwort %1 ist %2 Tokens lang; sie muss 1 bis %3 Tokens lang sein (der Kontext des Modells)</translation>
    </message>
    <message>
        <source>--window %1 must be 2 to %2 (the model&apos;s context)</source>
        <translation>--window %1 muss zwischen 2 und %2 liegen (der Kontext des Modells)</translation>
    </message>
    <message>
        <source>--stride %1 must be 1 to the window (%2); a stride longer than the window would skip tokens</source>
        <translation>--stride %1 muss zwischen 1 und dem Fenster (%2) liegen; ein Schritt, der länger als das Fenster ist, würde Tokens überspringen</translation>
    </message>
    <message>
        <source>cannot replace %1 of %2 blocks by a linear map: the span must be 1..%3 blocks long</source>
        <translation>%1 von %2 Blöcken können nicht durch eine lineare Abbildung ersetzt werden: der Abschnitt muss 1..%3 Blöcke lang sein</translation>
    </message>
    <message>
        <source>the span of blocks %1..%2 to replace is out of range: the model has blocks 0..%3; choose a start of at most %4</source>
        <translation>der zu ersetzende Abschnitt aus den Blöcken %1..%2 liegt außerhalb des Bereichs: das Modell hat die Blöcke 0..%3; wählen Sie einen Anfang von höchstens %4</translation>
    </message>
    <message>
        <source>the calibration activations do not determine the linear map (X^T X is singular even with a ridge); use more or longer calibration sequences</source>
        <translation>die Kalibrieraktivierungen bestimmen die lineare Abbildung nicht (X^T X ist selbst mit Ridge-Term singulär); verwenden Sie mehr oder längere Kalibriersequenzen</translation>
    </message>
    <message>
        <source>the linear map is %1 x %1 but the model&apos;s hidden size is %2; fit it on this model</source>
        <translation>die lineare Abbildung ist %1 x %1, aber die verborgene Größe des Modells ist %2; bestimmen Sie sie für dieses Modell neu</translation>
    </message>
    <message>
        <source>%1 names an unknown baseline &apos;%2&apos;; give a comma-separated list of %3</source>
        <translation>%1 nennt ein unbekanntes Vergleichsverfahren &apos;%2&apos;; geben Sie eine kommagetrennte Liste aus %3 an</translation>
    </message>
    <message>
        <source>the baseline &apos;%1&apos; removes blocks by their importance, which the plan file does not hold; run &apos;sharelens-cli analyze --importance&apos; and give its analysis.json to --plan</source>
        <translation>das Vergleichsverfahren &apos;%1&apos; entfernt Blöcke nach ihrer Wichtigkeit, die die Plandatei nicht enthält; führen Sie &apos;sharelens-cli analyze --importance&apos; aus und geben Sie dessen analysis.json bei --plan an</translation>
    </message>
    <message>
        <source>the importance in the plan file has %1 blocks but the model has %2; give the analysis.json made for this model</source>
        <translation>die Wichtigkeit in der Plandatei umfasst %1 Blöcke, aber das Modell hat %2; geben Sie die für dieses Modell erstellte analysis.json an</translation>
    </message>
    <message>
        <source>a residual stream has zero norm for some calibration token, so its cosine and angular distance are undefined; use other calibration text</source>
        <translation>ein Residualstrom hat für ein Kalibriertoken die Norm null, daher sind sein Kosinus und sein Winkelabstand undefiniert; verwenden Sie einen anderen Kalibriertext</translation>
    </message>
    <message>
        <source>cannot remove %1 of %2 blocks by importance: the count must be in 0..%3; use a plan that keeps at least one block</source>
        <translation>%1 von %2 Blöcken können nicht nach Wichtigkeit entfernt werden: die Anzahl muss in 0..%3 liegen; verwenden Sie einen Plan, der mindestens einen Block behält</translation>
    </message>
    <message>
        <source>the workers&apos; analysis has %1 similarity rows for %2 units; the file is damaged, run the analysis again</source>
        <translation>die Analyse der Worker hat %1 Ähnlichkeitszeilen für %2 Einheiten; die Datei ist beschädigt, führen Sie die Analyse erneut aus</translation>
    </message>
    <message>
        <source>the workers&apos; analysis names an unknown metric &apos;%1&apos; or unit kind &apos;%2&apos;; use the sharelens-cli that came with this ShareLens</source>
        <translation>die Analyse der Worker nennt eine unbekannte Metrik &apos;%1&apos; oder Einheitenart &apos;%2&apos;; verwenden Sie das sharelens-cli, das zu diesem ShareLens gehört</translation>
    </message>
</context>
<context>
    <name>sharelens::app::AgentsFinetuneTab</name>
    <message>
        <source>Unshared</source>
        <translation>Ungeteilt</translation>
    </message>
    <message>
        <source>Shared</source>
        <translation>Geteilt</translation>
    </message>
    <message>
        <source>The two systems: validation loss is the mean over the agents; parameters count every tensor of the system once.</source>
        <translation>Die beiden Systeme: der Validierungsverlust ist das Mittel über die Agenten; Parameter zählen jeden Tensor des Systems einmal.</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Unshared
before</source>
        <translation>Ungeteilt
vorher</translation>
    </message>
    <message>
        <source>Unshared
after</source>
        <translation>Ungeteilt
nachher</translation>
    </message>
    <message>
        <source>Shared
before</source>
        <translation>Geteilt
vorher</translation>
    </message>
    <message>
        <source>Shared
after</source>
        <translation>Geteilt
nachher</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>The two systems (validation loss: mean over the agents):</source>
        <translation>Die beiden Systeme (Validierungsverlust: Mittel über die Agenten):</translation>
    </message>
    <message>
        <source>Validation loss of each agent on its own text:</source>
        <translation>Validierungsverlust jedes Agenten auf seinem eigenen Text:</translation>
    </message>
    <message>
        <source>The fine-tune failed: %1</source>
        <translation>Das Nachtraining ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Fine-tune failed</source>
        <translation>Feintuning fehlgeschlagen</translation>
    </message>
    <message>
        <source>The agents could not be fine-tuned.</source>
        <translation>Die Agenten konnten nicht feinabgestimmt werden.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Paused at step %1 of %2</source>
        <translation>Pausiert bei Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Texts</source>
        <translation>Texte</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Each agent trains on its own text: the calibration text unless you choose one. Double-click a row to choose a file.</source>
        <translation>Jeder Agent trainiert auf seinem eigenen Text: dem Kalibrierungstext, sofern Sie keinen wählen. Doppelklicken Sie eine Zeile, um eine Datei zu wählen.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wählen…</translation>
    </message>
    <message>
        <source>Calibration Text</source>
        <translation>Kalibrierungstext</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Sharing</source>
        <translation>Teilung</translation>
    </message>
    <message>
        <source>Mean of the members</source>
        <translation>Mittel der Mitglieder</translation>
    </message>
    <message>
        <source>Medoid member</source>
        <translation>Medoid-Mitglied</translation>
    </message>
    <message>
        <source>First member</source>
        <translation>Erstes Mitglied</translation>
    </message>
    <message>
        <source>Initialisation:</source>
        <translation>Initialisierung:</translation>
    </message>
    <message>
        <source>Calibration text</source>
        <translation>Kalibriertext</translation>
    </message>
    <message>
        <source>Choose the Text of %1</source>
        <translation>Text von %1 wählen</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Textdateien (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Analyze the agents and choose a threshold: the fine-tune trains the shared system of the plan&apos;s groups against the unshared agents.</source>
        <translation>Analysieren Sie die Agenten und wählen Sie eine Schwelle: das Feintuning trainiert das geteilte System der Gruppen des Plans gegen die ungeteilten Agenten.</translation>
    </message>
    <message>
        <source>Plan (%1): %2 shared groups · %3 → %4 parameters</source>
        <translation>Plan (%1): %2 geteilte Gruppen · %3 → %4 Parameter</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>whole agents</source>
        <translation>ganze Agenten</translation>
    </message>
    <message>
        <source>No sharing plan yet</source>
        <translation>Noch kein Teilungsplan</translation>
    </message>
    <message>
        <source>Analyze the agents first, then choose a threshold: the fine-tune trains the shared system of that plan against the unshared agents.</source>
        <translation>Analysieren Sie zuerst die Agenten und wählen Sie dann eine Schwelle: das Feintuning trainiert das geteilte System dieses Plans gegen die ungeteilten Agenten.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>%1: step %2 of %3</source>
        <translation>%1: Schritt %2 von %3</translation>
    </message>
    <message>
        <source> · about %1 s left</source>
        <translation> · noch etwa %1 s</translation>
    </message>
    <message>
        <source>Finished %1 steps.</source>
        <translation>%1 Schritte abgeschlossen.</translation>
    </message>
    <message>
        <source>Stopped after %1 steps: %2</source>
        <translation>Nach %1 Schritten angehalten: %2</translation>
    </message>
    <message>
        <source>Loss (dashed: validation)</source>
        <translation>Verlust (gestrichelt: Validierung)</translation>
    </message>
    <message>
        <source>LaCo (first + differences)</source>
        <translation>LaCo (erstes + Differenzen)</translation>
    </message>
</context>
<context>
    <name>sharelens::app::AgentsRunner</name>
    <message>
        <source>Loading agents</source>
        <translation>Agenten werden geladen</translation>
    </message>
    <message>
        <source>Comparing weights</source>
        <translation>Gewichte werden verglichen</translation>
    </message>
    <message>
        <source>Capturing activations</source>
        <translation>Aktivierungen werden erfasst</translation>
    </message>
    <message>
        <source>Computing similarity</source>
        <translation>Ähnlichkeit wird berechnet</translation>
    </message>
    <message>
        <source>Add at least two model folders: agents mode compares two or more models.</source>
        <translation>Fügen Sie mindestens zwei Modellordner hinzu: der Agentenmodus vergleicht zwei oder mehr Modelle.</translation>
    </message>
    <message>
        <source>The analysis was cancelled.</source>
        <translation>Die Analyse wurde abgebrochen.</translation>
    </message>
</context>
<context>
    <name>sharelens::app::AgentsView</name>
    <message>
        <source>Pearson correlation</source>
        <translation>Pearson-Korrelation</translation>
    </message>
    <message>
        <source>Cosine similarity</source>
        <translation>Kosinus-Ähnlichkeit</translation>
    </message>
    <message>
        <source>Linear CKA</source>
        <translation>Lineares CKA</translation>
    </message>
    <message>
        <source>ShareLens — Agents</source>
        <translation>ShareLens — Agenten</translation>
    </message>
    <message>
        <source>Agents analysis failed</source>
        <translation>Agentenanalyse fehlgeschlagen</translation>
    </message>
    <message>
        <source>The agents could not be analysed together.</source>
        <translation>Die Agenten konnten nicht gemeinsam analysiert werden.</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>The models of the system, one per row. Double-click a name to change it; an empty name means the folder&apos;s name.</source>
        <translation>Die Modelle des Systems, eines pro Zeile. Doppelklick auf einen Namen ändert ihn; ein leerer Name bedeutet den Ordnernamen.</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Clustering</source>
        <translation>Clustering</translation>
    </message>
    <message>
        <source>Layers (agent, block)</source>
        <translation>Schichten (Agent, Block)</translation>
    </message>
    <message>
        <source>Whole agents</source>
        <translation>Ganze Agenten</translation>
    </message>
    <message>
        <source>Layers: blocks of any agents may share one set of parameters. Agents: whole agents become one model.</source>
        <translation>Schichten: Blöcke beliebiger Agenten können einen Parametersatz teilen. Agenten: ganze Agenten werden ein Modell.</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>Ebene:</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Similarity Heatmap Figure…</source>
        <translation>Ähnlichkeits-Heatmap als Abbildung…</translation>
    </message>
    <message>
        <source>Dendrogram Figure…</source>
        <translation>Dendrogramm-Abbildung…</translation>
    </message>
    <message>
        <source>Weight Difference Figure…</source>
        <translation>Gewichtsunterschiede als Abbildung…</translation>
    </message>
    <message>
        <source>Sharing Plan (JSON)…</source>
        <translation>Teilungsplan (JSON)…</translation>
    </message>
    <message>
        <source>Similarity and groups</source>
        <translation>Ähnlichkeit und Gruppen</translation>
    </message>
    <message>
        <source>block </source>
        <translation>Block </translation>
    </message>
    <message>
        <source>Difference norm ‖w_a − w_b‖</source>
        <translation>Differenznorm ‖w_a − w_b‖</translation>
    </message>
    <message>
        <source>Relative difference ‖w_a − w_b‖ / ‖w_b‖</source>
        <translation>Relative Differenz ‖w_a − w_b‖ / ‖w_b‖</translation>
    </message>
    <message>
        <source>Weight cosine</source>
        <translation>Gewichts-Kosinus</translation>
    </message>
    <message>
        <source>Delta cosine (changes from the mean)</source>
        <translation>Delta-Kosinus (Änderungen gegenüber dem Mittel)</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>Schicht:</translation>
    </message>
    <message>
        <source>Quantity:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Computed from the weights alone (no calibration data): how far each pair of agents&apos; blocks lie apart.</source>
        <translation>Allein aus den Gewichten berechnet (ohne Kalibrierdaten): wie weit die Blöcke je zweier Agenten auseinanderliegen.</translation>
    </message>
    <message>
        <source>Weights (data-free)</source>
        <translation>Gewichte (ohne Daten)</translation>
    </message>
    <message>
        <source>Empty: the folder&apos;s name (%1)</source>
        <translation>Leer: der Ordnername (%1)</translation>
    </message>
    <message>
        <source>Add an Agent (Model Folder)</source>
        <translation>Agent hinzufügen (Modellordner)</translation>
    </message>
    <message>
        <source>Add agents</source>
        <translation>Agenten hinzufügen</translation>
    </message>
    <message>
        <source>Add at least two model folders: agents mode compares two or more models.</source>
        <translation>Fügen Sie mindestens zwei Modellordner hinzu: der Agentenmodus vergleicht zwei oder mehr Modelle.</translation>
    </message>
    <message>
        <source>%1 agents · %2 · %3 tokens per agent · %4 linkage · threshold %5</source>
        <translation>%1 Agenten · %2 · %3 Tokens je Agent · Linkage %4 · Schwelle %5</translation>
    </message>
    <message>
        <source>Similarity of the agents&apos; blocks</source>
        <translation>Ähnlichkeit der Blöcke der Agenten</translation>
    </message>
    <message>
        <source>Similarity of the agents</source>
        <translation>Ähnlichkeit der Agenten</translation>
    </message>
    <message>
        <source>Agent / block</source>
        <translation>Agent / Block</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Clustering of the agents&apos; blocks</source>
        <translation>Clustering der Blöcke der Agenten</translation>
    </message>
    <message>
        <source>Clustering of the agents</source>
        <translation>Clustering der Agenten</translation>
    </message>
    <message>
        <source>Clustering failed</source>
        <translation>Clustering fehlgeschlagen</translation>
    </message>
    <message>
        <source>blocks</source>
        <translation>Blöcke</translation>
    </message>
    <message>
        <source>agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>%1 of %2 %3 in %4 shared groups at threshold %5.
System parameters: %6 → %7 (saves %8, %9 %) · bytes: %10 → %11</source>
        <translation>%1 von %2 %3 in %4 geteilten Gruppen bei Schwelle %5.
Systemparameter: %6 → %7 (spart %8, %9 %) · Bytes: %10 → %11</translation>
    </message>
    <message>
        <source>Block %1: %2</source>
        <translation>Block %1: %2</translation>
    </message>
    <message>
        <source>Add at least two model folders.</source>
        <translation>Fügen Sie mindestens zwei Modellordner hinzu.</translation>
    </message>
    <message>
        <source>There is no analysis to export yet.</source>
        <translation>Es gibt noch keine Analyse zum Exportieren.</translation>
    </message>
    <message>
        <source>There is no plan to export yet.</source>
        <translation>Es gibt noch keinen Plan zum Exportieren.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Export Figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Export Sharing Plan</source>
        <translation>Teilungsplan exportieren</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Shared Pool (Folder)…</source>
        <translation>Geteilter Pool (Ordner)…</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>Nachtraining</translation>
    </message>
    <message>
        <source>There is no plan to export yet: analyze the agents first.</source>
        <translation>Es gibt noch keinen Plan zum Exportieren: analysieren Sie zuerst die Agenten.</translation>
    </message>
    <message>
        <source>An analysis is running: wait for it to finish, or cancel it, then export the pool.</source>
        <translation>Eine Analyse läuft: warten Sie, bis sie fertig ist, oder brechen Sie sie ab, und exportieren Sie dann den Pool.</translation>
    </message>
    <message>
        <source>A pool export is already running.</source>
        <translation>Ein Pool-Export läuft bereits.</translation>
    </message>
    <message>
        <source>A fine-tune is running: wait for it to finish, or cancel it, then export the pool.</source>
        <translation>Ein Feintuning läuft: warten Sie, bis es fertig ist, oder brechen Sie es ab, und exportieren Sie dann den Pool.</translation>
    </message>
    <message>
        <source>Loading the agents</source>
        <translation>Agenten werden geladen</translation>
    </message>
    <message>
        <source>Building the shared system</source>
        <translation>Geteiltes System wird gebaut</translation>
    </message>
    <message>
        <source>Writing the shared pool: %1</source>
        <translation>Geteilter Pool wird geschrieben: %1</translation>
    </message>
    <message>
        <source>The pool export was cancelled; %1 is as it was.</source>
        <translation>Der Pool-Export wurde abgebrochen; %1 ist unverändert.</translation>
    </message>
    <message>
        <source>Wrote the trained system&apos;s shared pool to %1.</source>
        <translation>Der geteilte Pool des trainierten Systems wurde nach %1 geschrieben.</translation>
    </message>
    <message>
        <source>Wrote the plan&apos;s untrained shared pool to %1.</source>
        <translation>Der untrainierte geteilte Pool des Plans wurde nach %1 geschrieben.</translation>
    </message>
    <message>
        <source>Export the Trained Shared Pool</source>
        <translation>Geteilten Pool des trainierten Systems exportieren</translation>
    </message>
    <message>
        <source>Export the Plan&apos;s Shared Pool (Untrained)</source>
        <translation>Geteilten Pool des Plans exportieren (untrainiert)</translation>
    </message>
    <message>
        <source>The shared pool could not be written.</source>
        <translation>Der geteilte Pool konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Analyze two or more agents first: the report describes what was done with them.</source>
        <translation>Analysieren Sie zuerst zwei oder mehr Agenten: der Bericht beschreibt, was mit ihnen getan wurde.</translation>
    </message>
</context>
<context>
    <name>sharelens::app::AnalysisRunner</name>
    <message>
        <source>Reading calibration text</source>
        <translation>Kalibriertext wird gelesen</translation>
    </message>
    <message>
        <source>Capturing activations</source>
        <translation>Aktivierungen werden erfasst</translation>
    </message>
    <message>
        <source>Computing similarity</source>
        <translation>Ähnlichkeit wird berechnet</translation>
    </message>
    <message>
        <source>the text has %1 tokens, fewer than one sequence of %2; choose a longer text or a shorter sequence length</source>
        <translation>der Text hat %1 Tokens, weniger als eine Sequenz von %2; wählen Sie einen längeren Text oder eine kürzere Sequenzlänge</translation>
    </message>
    <message>
        <source>The analysis was cancelled.</source>
        <translation>Die Analyse wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Leave-one-out loss</source>
        <translation>Verlust ohne den Block</translation>
    </message>
    <message>
        <source>no model is open</source>
        <translation>kein Modell ist geöffnet</translation>
    </message>
    <message>
        <source>could not make a temporary folder for the workers&apos; results: %1</source>
        <translation>kein temporärer Ordner für die Ergebnisse der Worker-Prozesse: %1</translation>
    </message>
</context>
<context>
    <name>sharelens::app::AnalysisView</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Analysis failed</source>
        <translation>Analyse fehlgeschlagen</translation>
    </message>
    <message>
        <source>The analysis could not be completed.</source>
        <translation>Die Analyse konnte nicht abgeschlossen werden.</translation>
    </message>
    <message>
        <source>Pearson correlation</source>
        <translation>Pearson-Korrelation</translation>
    </message>
    <message>
        <source>Cosine similarity</source>
        <translation>Kosinus-Ähnlichkeit</translation>
    </message>
    <message>
        <source>Linear CKA</source>
        <translation>Lineares CKA</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>Blöcke</translation>
    </message>
    <message>
        <source>Attention and MLP</source>
        <translation>Attention und MLP</translation>
    </message>
    <message>
        <source>Units:</source>
        <translation>Einheiten:</translation>
    </message>
    <message>
        <source>Skip the first token</source>
        <translation>Erstes Token überspringen</translation>
    </message>
    <message>
        <source>Leave position 0 of every sequence out of the statistics (it often behaves as an attention sink).</source>
        <translation>Position 0 jeder Sequenz aus der Statistik auslassen (sie wirkt oft als Attention-Senke).</translation>
    </message>
    <message>
        <source>Grouping</source>
        <translation>Gruppierung</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Heatmap Figure…</source>
        <translation>Heatmap-Abbildung…</translation>
    </message>
    <message>
        <source>Dendrogram Figure…</source>
        <translation>Dendrogramm-Abbildung…</translation>
    </message>
    <message>
        <source>Similarity Matrix (CSV)…</source>
        <translation>Ähnlichkeitsmatrix (CSV)…</translation>
    </message>
    <message>
        <source>Groups (CSV)…</source>
        <translation>Gruppen (CSV)…</translation>
    </message>
    <message>
        <source>Analysis (JSON)…</source>
        <translation>Analyse (JSON)…</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 tokens · %4 linkage · threshold %5</source>
        <translation>%1 · %2 · %3 Tokens · Verknüpfung %4 · Schwelle %5</translation>
    </message>
    <message>
        <source>Clustering failed</source>
        <translation>Clustering fehlgeschlagen</translation>
    </message>
    <message>
        <source>Layer similarity</source>
        <translation>Schichtähnlichkeit</translation>
    </message>
    <message>
        <source>Clustering of units</source>
        <translation>Clustering der Einheiten</translation>
    </message>
    <message>
        <source>Shared groups: %1</source>
        <translation>Geteilte Gruppen: %1</translation>
    </message>
    <message>
        <source>%1 of %2 units in %3 shared groups · saves %4 parameters (%5, %6 %) · %7 → %8</source>
        <translation>%1 von %2 Einheiten in %3 geteilten Gruppen · spart %4 Parameter (%5, %6 %) · %7 → %8</translation>
    </message>
    <message>
        <source>There is no analysis to export yet.</source>
        <translation>Es gibt noch keine Analyse zum Exportieren.</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>Export Heatmap</source>
        <translation>Heatmap exportieren</translation>
    </message>
    <message>
        <source>Export Dendrogram</source>
        <translation>Dendrogramm exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Order heatmap by dendrogram</source>
        <translation>Heatmap nach Dendrogramm ordnen</translation>
    </message>
    <message>
        <source>Show units in the dendrogram&apos;s leaf order, so that clusters form blocks.</source>
        <translation>Einheiten in der Blattreihenfolge des Dendrogramms zeigen, sodass Cluster Blöcke bilden.</translation>
    </message>
    <message>
        <source>Warning: %1 calibration tokens for %2 units, fewer than %3 per unit; the plan rests on too little data.</source>
        <translation>Warnung: %1 Kalibrier-Token für %2 Einheiten, weniger als %3 je Einheit; der Plan stützt sich auf zu wenige Daten.</translation>
    </message>
    <message>
        <source> · attention saves %1, MLP %2</source>
        <translation> · Attention spart %1, MLP %2</translation>
    </message>
    <message>
        <source>Right-click a group to split it, move a unit to another group or pin it unshared.</source>
        <translation>Rechtsklick auf eine Gruppe: teilen, eine Einheit in eine andere Gruppe verschieben oder ungeteilt festhalten.</translation>
    </message>
    <message>
        <source>Restart the analysis?</source>
        <translation>Analyse neu starten?</translation>
    </message>
    <message>
        <source>An analysis is running. Stop it and start again with the current settings?</source>
        <translation>Eine Analyse läuft. Soll sie angehalten und mit den aktuellen Einstellungen neu gestartet werden?</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>Manual edits discarded (%1): the groups are the tree&apos;s cut at %2 again.</source>
        <translation>Manuelle Änderungen verworfen (%1): die Gruppen sind wieder der Schnitt des Baums bei %2.</translation>
    </message>
    <message>
        <source>Edited by hand (edits: %1) · </source>
        <translation>Von Hand bearbeitet (Änderungen: %1) · </translation>
    </message>
    <message>
        <source>Discard Manual Edits?</source>
        <translation>Manuelle Änderungen verwerfen?</translation>
    </message>
    <message>
        <source>Manual edits of the groups: %1 (split groups, moved or pinned units).</source>
        <translation>Manuelle Änderungen der Gruppen: %1 (geteilte Gruppen, verschobene oder festgehaltene Einheiten).</translation>
    </message>
    <message>
        <source>Regrouping at another threshold or with other grouping settings starts again from the tree&apos;s cut and discards these edits; Undo cannot bring them back. Keep Edits leaves the threshold, the settings and the groups as they are.</source>
        <translation>Eine Neugruppierung bei einer anderen Schwelle oder mit anderen Einstellungen beginnt wieder beim Schnitt des Baums und verwirft diese Änderungen; Rückgängig holt sie nicht zurück. „Änderungen behalten“ lässt Schwelle, Einstellungen und Gruppen, wie sie sind.</translation>
    </message>
    <message>
        <source>Discard Edits</source>
        <translation>Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Keep Edits</source>
        <translation>Änderungen behalten</translation>
    </message>
    <message>
        <source>float32 (exact)</source>
        <translation>float32 (exakt)</translation>
    </message>
    <message>
        <source>bfloat16 (fast)</source>
        <translation>bfloat16 (schnell)</translation>
    </message>
    <message>
        <source>The dtype of the matrix products. bfloat16 is several times faster on CPUs with AMX or AVX-512 BF16 and moves similarities by about 1e-3; norms, softmax and the sums stay float32 and double.</source>
        <translation>Der Datentyp der Matrixprodukte. bfloat16 ist auf CPUs mit AMX oder AVX-512 BF16 um ein Mehrfaches schneller und verschiebt Ähnlichkeiten um etwa 1e-3; Normierungen, Softmax und die Summen bleiben float32 und double.</translation>
    </message>
    <message>
        <source>Compute:</source>
        <translation>Berechnung:</translation>
    </message>
    <message>
        <source>Layer importance</source>
        <translation>Schichtwichtigkeit</translation>
    </message>
    <message>
        <source>Also measure block influence and the angular distance of block spans in the same pass, and the loss with each block removed (one evaluation per block, then a greedy removal order).</source>
        <translation>Im selben Durchlauf auch den Blockeinfluss und den Winkelabstand von Blockspannen messen, dazu den Verlust ohne jeden einzelnen Block (eine Auswertung je Block, danach eine gierige Entfernungsreihenfolge).</translation>
    </message>
    <message>
        <source>Workers:</source>
        <translation>Worker-Prozesse:</translation>
    </message>
</context>
<context>
    <name>sharelens::app::CalibrationPanel</name>
    <message>
        <source>Calibration</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <source>Built-in sample text</source>
        <translation>Eingebauter Beispieltext</translation>
    </message>
    <message>
        <source>Text file:</source>
        <translation>Textdatei:</translation>
    </message>
    <message>
        <source>Plain text (UTF-8)</source>
        <translation>Reiner Text (UTF-8)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation>Sequenzlänge:</translation>
    </message>
    <message>
        <source>Sequences:</source>
        <translation>Sequenzen:</translation>
    </message>
    <message>
        <source>Pearson correlation</source>
        <translation>Pearson-Korrelation</translation>
    </message>
    <message>
        <source>Cosine similarity</source>
        <translation>Kosinus-Ähnlichkeit</translation>
    </message>
    <message>
        <source>Linear CKA</source>
        <translation>Lineares CKA</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>Maß:</translation>
    </message>
    <message>
        <source>Choose a text</source>
        <translation>Text wählen</translation>
    </message>
    <message>
        <source>Choose a calibration text file, or use the built-in sample text.</source>
        <translation>Wählen Sie eine Kalibriertextdatei oder verwenden Sie den eingebauten Beispieltext.</translation>
    </message>
    <message>
        <source>No sample text</source>
        <translation>Kein Beispieltext</translation>
    </message>
    <message>
        <source>The built-in calibration text was not found. Reinstall ShareLens or choose a text file.</source>
        <translation>Der eingebaute Kalibriertext wurde nicht gefunden. Installieren Sie ShareLens neu oder wählen Sie eine Textdatei.</translation>
    </message>
    <message>
        <source>Choose Calibration Text</source>
        <translation>Kalibriertext wählen</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Textdateien (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Token ids (JSON):</source>
        <translation>Token-IDs (JSON):</translation>
    </message>
    <message>
        <source>Pre-tokenized calibration data: a JSON array of sequences of token ids, e.g. [[15, 7, 99], [3, 4]]. Each sequence is used as it is.</source>
        <translation>Vorab tokenisierte Kalibrierdaten: ein JSON-Array von Sequenzen von Token-IDs, z. B. [[15, 7, 99], [3, 4]]. Jede Sequenz wird so verwendet, wie sie ist.</translation>
    </message>
    <message>
        <source>JSON array of token-id sequences</source>
        <translation>JSON-Array von Token-ID-Sequenzen</translation>
    </message>
    <message>
        <source>No tokenizer: token ids needed.</source>
        <translation>Kein Tokenizer: Token-IDs nötig.</translation>
    </message>
    <message>
        <source>This model has no tokenizer: calibrate it with token ids.</source>
        <translation>Dieses Modell hat keinen Tokenizer: kalibrieren Sie es mit Token-IDs.</translation>
    </message>
    <message>
        <source>Choose token ids</source>
        <translation>Token-IDs wählen</translation>
    </message>
    <message>
        <source>Choose a token-id file (a JSON array of sequences), or calibrate on text.</source>
        <translation>Wählen Sie eine Token-ID-Datei (ein JSON-Array von Sequenzen), oder kalibrieren Sie mit Text.</translation>
    </message>
    <message>
        <source>This model has no tokenizer, so it cannot read text. Choose a token-id file: a JSON array of sequences of ids, e.g. [[15, 7, 99], [3, 4]].</source>
        <translation>Dieses Modell hat keinen Tokenizer und kann daher keinen Text lesen. Wählen Sie eine Token-ID-Datei: ein JSON-Array von Sequenzen von IDs, z. B. [[15, 7, 99], [3, 4]].</translation>
    </message>
    <message>
        <source>Choose Token Ids</source>
        <translation>Token-IDs wählen</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>sharelens::app::Document</name>
    <message>
        <source>%1 names no model folder; it cannot be opened.</source>
        <translation>%1 nennt keinen Modellordner; sie kann nicht geöffnet werden.</translation>
    </message>
</context>
<context>
    <name>sharelens::app::FinetuneRunner</name>
    <message>
        <source>Loading the baseline</source>
        <translation>Basismodell wird geladen</translation>
    </message>
    <message>
        <source>Reading the text</source>
        <translation>Text wird gelesen</translation>
    </message>
    <message>
        <source>Building the shared model</source>
        <translation>Geteiltes Modell wird gebaut</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>The fine-tune was cancelled.</source>
        <translation>Das Nachtraining wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Comparing with layer removal and int8 at the same budget</source>
        <translation>Vergleich mit Schichtentfernung und int8 beim gleichen Budget</translation>
    </message>
    <message>
        <source>a fine-tune of agents needs at least two agents</source>
        <translation>ein Feintuning von Agenten braucht mindestens zwei Agenten</translation>
    </message>
    <message>
        <source>one text per agent expected (%1 agents, %2 texts)</source>
        <translation>ein Text pro Agent erwartet (%1 Agenten, %2 Texte)</translation>
    </message>
    <message>
        <source>Loading the agents</source>
        <translation>Agenten werden geladen</translation>
    </message>
    <message>
        <source>Reading the agents&apos; texts</source>
        <translation>Texte der Agenten werden gelesen</translation>
    </message>
    <message>
        <source>Building the shared system</source>
        <translation>Geteiltes System wird gebaut</translation>
    </message>
    <message>
        <source>could not make a temporary folder for the workers&apos; results: %1</source>
        <translation>kein temporärer Ordner für die Ergebnisse der Worker-Prozesse: %1</translation>
    </message>
</context>
<context>
    <name>sharelens::app::FinetuneView</name>
    <message>
        <source>The fine-tune failed: %1</source>
        <translation>Das Nachtraining ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Paused at step %1 of %2</source>
        <translation>Pausiert bei Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>Shared</source>
        <translation>Geteilt</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Sharing</source>
        <translation>Teilung</translation>
    </message>
    <message>
        <source>Mean of the members</source>
        <translation>Mittel der Mitglieder</translation>
    </message>
    <message>
        <source>Medoid member</source>
        <translation>Medoid-Mitglied</translation>
    </message>
    <message>
        <source>First member</source>
        <translation>Erstes Mitglied</translation>
    </message>
    <message>
        <source>Private norms per layer</source>
        <translation>Eigene Normen je Schicht</translation>
    </message>
    <message>
        <source>0 (pure sharing)</source>
        <translation>0 (reine Teilung)</translation>
    </message>
    <message>
        <source>Initialisation:</source>
        <translation>Initialisierung:</translation>
    </message>
    <message>
        <source>Low-rank delta:</source>
        <translation>Niedrigrang-Delta:</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Built-in sample text</source>
        <translation>Eingebauter Beispieltext</translation>
    </message>
    <message>
        <source>Text file:</source>
        <translation>Textdatei:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Run an analysis and choose a threshold: the fine-tune trains the shared model of its groups against the baseline.</source>
        <translation>Führen Sie eine Analyse durch und wählen Sie eine Schwelle: das Nachtraining trainiert das geteilte Modell ihrer Gruppen gegen das Basismodell.</translation>
    </message>
    <message>
        <source>Plan: %1 shared groups · %2 → %3 parameters</source>
        <translation>Plan: %1 geteilte Gruppen · %2 → %3 Parameter</translation>
    </message>
    <message>
        <source>Choose a Text</source>
        <translation>Text wählen</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Textdateien (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>%1: step %2 of %3</source>
        <translation>%1: Schritt %2 von %3</translation>
    </message>
    <message>
        <source> · about %1 s left</source>
        <translation> · noch etwa %1 s</translation>
    </message>
    <message>
        <source>Finished %1 steps.</source>
        <translation>%1 Schritte abgeschlossen.</translation>
    </message>
    <message>
        <source>Stopped after %1 steps: %2</source>
        <translation>Nach %1 Schritten angehalten: %2</translation>
    </message>
    <message>
        <source>Baseline, fine-tuned</source>
        <translation>Basis, feinabgestimmt</translation>
    </message>
    <message>
        <source>Shared, fine-tuned</source>
        <translation>Geteilt, feinabgestimmt</translation>
    </message>
    <message>
        <source>Plan&apos;s layers removed</source>
        <translation>Schichten des Plans entfernt</translation>
    </message>
    <message>
        <source>int8 weights</source>
        <translation>int8-Gewichte</translation>
    </message>
    <message>
        <source>Last %1 layers dropped</source>
        <translation>Letzte %1 Schichten entfernt</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>int8</source>
        <translation>int8</translation>
    </message>
    <message>
        <source>Last %1 dropped</source>
        <translation>Letzte %1 entfernt</translation>
    </message>
    <message>
        <source>Validation loss at the same budget</source>
        <translation>Validierungsverlust beim gleichen Budget</translation>
    </message>
    <message>
        <source>Validation loss (nats)</source>
        <translation>Validierungsverlust (nats)</translation>
    </message>
    <message>
        <source>Against parameters</source>
        <translation>Gegen Parameter</translation>
    </message>
    <message>
        <source>Against bytes</source>
        <translation>Gegen Bytes</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Validation
loss</source>
        <translation>Validierungs-
verlust</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>Perplexität</translation>
    </message>
    <message>
        <source>Bytes (MiB)</source>
        <translation>Bytes (MiB)</translation>
    </message>
    <message>
        <source>Parameters (millions)</source>
        <translation>Parameter (Millionen)</translation>
    </message>
    <message>
        <source> · Warning: the plan shares nothing; the shared model starts as a copy of the baseline and both runs train the same model.</source>
        <translation> · Warnung: Der Plan teilt nichts; das geteilte Modell beginnt als Kopie des Basismodells, und beide Läufe trainieren dasselbe Modell.</translation>
    </message>
    <message>
        <source>Baseline, untrained</source>
        <translation>Basismodell, untrainiert</translation>
    </message>
    <message>
        <source>Distillation</source>
        <translation>Destillation</translation>
    </message>
    <message>
        <source>None (next-token loss)</source>
        <translation>Keine (Vorhersage des nächsten Tokens)</translation>
    </message>
    <message>
        <source>Logits (KL)</source>
        <translation>Logits (KL)</translation>
    </message>
    <message>
        <source>Block outputs (MSE)</source>
        <translation>Blockausgaben (MSE)</translation>
    </message>
    <message>
        <source>Logits and block outputs</source>
        <translation>Logits und Blockausgaben</translation>
    </message>
    <message>
        <source>Trains the shared model towards the unshared model it was made from (frozen, never trained): KL divergence of the next-token distributions and/or mean squared error of each block&apos;s output. The loss components are plotted live.</source>
        <translation>Trainiert das geteilte Modell auf das ungeteilte Modell hin, aus dem es entstand (eingefroren, nie trainiert): KL-Divergenz der Verteilungen des nächsten Tokens und/oder mittlerer quadratischer Fehler der Ausgabe jedes Blocks. Die Anteile des Verlusts werden laufend gezeichnet.</translation>
    </message>
    <message>
        <source>Softens both distributions before the KL (1 = as they are); the KL term is scaled by the temperature squared.</source>
        <translation>Glättet beide Verteilungen vor der KL (1 = unverändert); der KL-Term wird mit dem Quadrat der Temperatur skaliert.</translation>
    </message>
    <message>
        <source>Teacher:</source>
        <translation>Lehrer:</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Temperatur:</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>All tensors</source>
        <translation>Alle Tensoren</translation>
    </message>
    <message>
        <source>Shared groups only</source>
        <translation>Nur die geteilten Gruppen</translation>
    </message>
    <message>
        <source>Shared groups only: the tied weights, their low-rank deltas and private norms train; everything else stays frozen, with no gradients or optimizer state.</source>
        <translation>Nur die geteilten Gruppen: die gebundenen Gewichte, ihre Niedrigrang-Deltas und eigenen Normen werden trainiert; alles andere bleibt eingefroren, ohne Gradienten und Optimiererzustand.</translation>
    </message>
    <message>
        <source>Fine-tune the baseline too</source>
        <translation>Auch das Basismodell feinabstimmen</translation>
    </message>
    <message>
        <source>Off: no baseline is trained (no second model, no second optimizer); the comparison uses the untrained baseline.</source>
        <translation>Aus: kein Basismodell wird trainiert (kein zweites Modell, kein zweiter Optimierer); der Vergleich verwendet das untrainierte Basismodell.</translation>
    </message>
    <message>
        <source>Gradient checkpointing</source>
        <translation>Gradient-Checkpointing</translation>
    </message>
    <message>
        <source>Recompute each block in the backward pass instead of keeping its activations: less memory, about one more forward pass of time.</source>
        <translation>Jeden Block im Rückwärtsdurchlauf neu berechnen, statt seine Aktivierungen zu behalten: weniger Speicher, etwa einen Vorwärtsdurchlauf mehr Zeit.</translation>
    </message>
    <message>
        <source>Train:</source>
        <translation>Trainieren:</translation>
    </message>
    <message>
        <source>shared groups only</source>
        <translation>nur die geteilten Gruppen</translation>
    </message>
    <message>
        <source>all tensors</source>
        <translation>alle Tensoren</translation>
    </message>
    <message>
        <source>with the baseline</source>
        <translation>mit dem Basismodell</translation>
    </message>
    <message>
        <source>without the baseline</source>
        <translation>ohne das Basismodell</translation>
    </message>
    <message>
        <source>gradient checkpointing</source>
        <translation>Gradient-Checkpointing</translation>
    </message>
    <message>
        <source>Needs about %1 of memory</source>
        <translation>Benötigt etwa %1 Speicher</translation>
    </message>
    <message>
        <source> (%1 available)</source>
        <translation> (%1 verfügbar)</translation>
    </message>
    <message>
        <source>does not fit; %1 needs about %2.</source>
        <translation>passt nicht; %1 benötigt etwa %2.</translation>
    </message>
    <message>
        <source>does not fit in any mode at this batch size; %1 with a batch of 1 would.</source>
        <translation>passt bei dieser Batchgröße in keinem Modus; %1 mit einem Batch von 1 würde passen.</translation>
    </message>
    <message>
        <source>does not fit in any mode: the model is too large for this machine&apos;s memory.</source>
        <translation>passt in keinem Modus: das Modell ist für den Speicher dieses Rechners zu groß.</translation>
    </message>
    <message>
        <source>float32 (exact)</source>
        <translation>float32 (exakt)</translation>
    </message>
    <message>
        <source>bfloat16 (fast, mixed precision)</source>
        <translation>bfloat16 (schnell, gemischte Genauigkeit)</translation>
    </message>
    <message>
        <source>The dtype of the matrix products. bfloat16 is several times faster on CPUs with AMX or AVX-512 BF16; weights, optimizer state, norms, softmax and the loss stay float32.</source>
        <translation>Der Datentyp der Matrixprodukte. bfloat16 ist auf CPUs mit AMX oder AVX-512 BF16 um ein Mehrfaches schneller; Gewichte, Optimiererzustand, Normierungen, Softmax und der Verlust bleiben float32.</translation>
    </message>
    <message>
        <source>Compute:</source>
        <translation>Berechnung:</translation>
    </message>
    <message>
        <source>At the same budget, on the same %1 validation windows as above:</source>
        <translation>Beim gleichen Budget, auf denselben %1 Validierungsfenstern wie oben:</translation>
    </message>
    <message>
        <source>Baseline (not fine-tuned)</source>
        <translation>Basismodell (nicht feinabgestimmt)</translation>
    </message>
    <message>
        <source>The baseline was not fine-tuned: the comparison uses it untrained.</source>
        <translation>Das Basismodell wurde nicht feinabgestimmt: der Vergleich verwendet es untrainiert.</translation>
    </message>
    <message>
        <source>LaCo (first + differences)</source>
        <translation>LaCo (erstes + Differenzen)</translation>
    </message>
    <message>
        <source>Workers:</source>
        <translation>Worker-Prozesse:</translation>
    </message>
</context>
<context>
    <name>sharelens::app::GroupEditor</name>
    <message>
        <source>Only a group of two or more units can be split.</source>
        <translation>Nur eine Gruppe aus zwei oder mehr Einheiten kann geteilt werden.</translation>
    </message>
    <message>
        <source>Split Group %1</source>
        <translation>Gruppe %1 teilen</translation>
    </message>
    <message>
        <source>%1 cannot move there.</source>
        <translation>%1 kann nicht dorthin verschoben werden.</translation>
    </message>
    <message>
        <source>Move %1</source>
        <translation>%1 verschieben</translation>
    </message>
    <message>
        <source>%1 is already unshared.</source>
        <translation>%1 ist bereits ungeteilt.</translation>
    </message>
    <message>
        <source>Pin %1 Unshared</source>
        <translation>%1 ungeteilt festhalten</translation>
    </message>
    <message>
        <source>Restore Edited Groups</source>
        <translation>Bearbeitete Gruppen wiederherstellen</translation>
    </message>
    <message>
        <source>Cannot Edit the Groups</source>
        <translation>Die Gruppen können nicht bearbeitet werden</translation>
    </message>
    <message>
        <source>Part the group in two where its own members&apos; tree first divides.</source>
        <translation>Die Gruppe dort in zwei teilen, wo sich der Baum ihrer Mitglieder zuerst verzweigt.</translation>
    </message>
    <message>
        <source>Pin Unshared</source>
        <translation>Ungeteilt festhalten</translation>
    </message>
    <message>
        <source>Move to Group %1 %2</source>
        <translation>In Gruppe %1 %2 verschieben</translation>
    </message>
</context>
<context>
    <name>sharelens::app::ImportancePanel</name>
    <message>
        <source>Importance:</source>
        <translation>Wichtigkeit:</translation>
    </message>
    <message>
        <source>Block influence: 1 − mean cosine between the residual stream entering a block and leaving it. Angular distance: mean angle between the streams n blocks apart, over π, per start block (low: the span changes little). Leave-one-out: the loss with the block removed.</source>
        <translation>Blockeinfluss: 1 − mittlerer Kosinus zwischen dem Residualstrom vor und nach einem Block. Winkelabstand: mittlerer Winkel zwischen den Strömen im Abstand von n Blöcken, geteilt durch π, je Startblock (niedrig: die Spanne ändert wenig). Verlust ohne den Block: der Verlust, wenn der Block entfernt ist.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Importance Figure…</source>
        <translation>Wichtigkeitsgrafik…</translation>
    </message>
    <message>
        <source>Importance (CSV)…</source>
        <translation>Wichtigkeit (CSV)…</translation>
    </message>
    <message>
        <source>Block influence</source>
        <translation>Blockeinfluss</translation>
    </message>
    <message>
        <source>Leave-one-out loss</source>
        <translation>Verlust ohne den Block</translation>
    </message>
    <message>
        <source>Angular distance, n = %1</source>
        <translation>Winkelabstand, n = %1</translation>
    </message>
    <message>
        <source>block %1</source>
        <translation>Block %1</translation>
    </message>
    <message>
        <source>block influence</source>
        <translation>Blockeinfluss</translation>
    </message>
    <message>
        <source>Loss with the block removed</source>
        <translation>Verlust ohne den Block</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Angular distance of spans of %1 blocks</source>
        <translation>Winkelabstand von Spannen aus %1 Blöcken</translation>
    </message>
    <message>
        <source>angular distance</source>
        <translation>Winkelabstand</translation>
    </message>
    <message>
        <source>blocks %1–%2</source>
        <translation>Blöcke %1–%2</translation>
    </message>
    <message>
        <source>There is no importance to export; analyze with “Layer importance” on.</source>
        <translation>Es gibt keine Wichtigkeit zum Exportieren; analysieren Sie mit eingeschalteter „Schichtwichtigkeit“.</translation>
    </message>
    <message>
        <source>Start block</source>
        <translation>Startblock</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>Block</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export Importance</source>
        <translation>Wichtigkeit exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>sharelens::app::MainWindow</name>
    <message>
        <source>ShareLens</source>
        <translation>ShareLens</translation>
    </message>
    <message>
        <source>Loading cancelled.</source>
        <translation>Laden abgebrochen.</translation>
    </message>
    <message>
        <source>&lt;h1&gt;ShareLens&lt;/h1&gt;&lt;p&gt;See which layers of a transformer could share one set of parameters, and what that saves.&lt;/p&gt;</source>
        <translation>&lt;h1&gt;ShareLens&lt;/h1&gt;&lt;p&gt;Sehen Sie, welche Schichten eines Transformers einen Parametersatz teilen könnten und was das spart.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open Model Folder…</source>
        <translation>Modellordner öffnen…</translation>
    </message>
    <message>
        <source>Open Demo Model</source>
        <translation>Demomodell öffnen</translation>
    </message>
    <message>
        <source>Recent models (or drop a model folder here):</source>
        <translation>Zuletzt geöffnete Modelle (oder einen Modellordner hierher ziehen):</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open Model Folder…</source>
        <translation>Modellordner ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Demo Model</source>
        <translation>&amp;Demomodell öffnen</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About ShareLens</source>
        <translation>Über &amp;ShareLens</translation>
    </message>
    <message>
        <source>About ShareLens</source>
        <translation>Über ShareLens</translation>
    </message>
    <message>
        <source>&lt;b&gt;ShareLens %1&lt;/b&gt;&lt;p&gt;Layer similarity and parameter sharing for transformers and multi-agent systems.&lt;/p&gt;</source>
        <translation>&lt;b&gt;ShareLens %1&lt;/b&gt;&lt;p&gt;Schichtähnlichkeit und Parameterteilung für Transformer und Multi-Agenten-Systeme.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Open Model Folder</source>
        <translation>Modellordner öffnen</translation>
    </message>
    <message>
        <source>The built-in demo model was not found. Reinstall ShareLens or set SHARELENS_DEMO_MODEL to its folder.</source>
        <translation>Das eingebaute Demomodell wurde nicht gefunden. Installieren Sie ShareLens neu oder setzen Sie SHARELENS_DEMO_MODEL auf seinen Ordner.</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>&lt;h2&gt;%1&lt;/h2&gt;&lt;p&gt;%2&lt;/p&gt;</source>
        <translation>&lt;h2&gt;%1&lt;/h2&gt;&lt;p&gt;%2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>Architektur:</translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation>Schichten:</translation>
    </message>
    <message>
        <source>Hidden size:</source>
        <translation>Breite:</translation>
    </message>
    <message>
        <source>Attention heads:</source>
        <translation>Attention-Köpfe:</translation>
    </message>
    <message>
        <source>%1 (key/value: %2)</source>
        <translation>%1 (Key/Value: %2)</translation>
    </message>
    <message>
        <source>Vocabulary:</source>
        <translation>Vokabular:</translation>
    </message>
    <message>
        <source>Context:</source>
        <translation>Kontext:</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>Parameter:</translation>
    </message>
    <message>
        <source>Weights:</source>
        <translation>Gewichte:</translation>
    </message>
    <message>
        <source>%1 in %2 tensors (%3)</source>
        <translation>%1 in %2 Tensoren (%3)</translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation>Tokenizer:</translation>
    </message>
    <message>
        <source>Opened %1.</source>
        <translation>%1 geöffnet.</translation>
    </message>
    <message>
        <source>Cannot open model</source>
        <translation>Modell kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>The model could not be opened.</source>
        <translation>Das Modell konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>ShareLens could not open %1.</source>
        <translation>ShareLens konnte %1 nicht öffnen.</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Dark Theme</source>
        <translation>&amp;Dunkles Design</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>Nachtraining</translation>
    </message>
    <message>
        <source>Open &amp;Agents…</source>
        <translation>&amp;Agenten öffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Session…</source>
        <translation>&amp;Sitzung öffnen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Recent Sess&amp;ions</source>
        <translation>Zuletzt geöffnete S&amp;itzungen</translation>
    </message>
    <message>
        <source>&amp;Save Session</source>
        <translation>Sitzung &amp;speichern</translation>
    </message>
    <message>
        <source>Save Session &amp;As…</source>
        <translation>Sitzung speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>&amp;Report (PDF)…</source>
        <translation>&amp;Bericht (PDF)…</translation>
    </message>
    <message>
        <source>Shared Model as &amp;Compact Checkpoint…</source>
        <translation>Geteiltes Modell als &amp;kompakten Checkpoint…</translation>
    </message>
    <message>
        <source>Shared Model as &amp;Hugging Face Folder…</source>
        <translation>Geteiltes Modell als &amp;Hugging-Face-Ordner…</translation>
    </message>
    <message>
        <source>Save the session?</source>
        <translation>Sitzung speichern?</translation>
    </message>
    <message>
        <source>This session has analysis results or fine-tune runs that are not saved.</source>
        <translation>Diese Sitzung hat Analyseergebnisse oder Feinabstimmungsläufe, die nicht gespeichert sind.</translation>
    </message>
    <message>
        <source>Save them to a session file to open them again later.</source>
        <translation>Speichern Sie sie in einer Sitzungsdatei, um sie später wieder zu öffnen.</translation>
    </message>
    <message>
        <source>%1[*] — ShareLens</source>
        <translation>%1[*] — ShareLens</translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <source>ShareLens sessions (*.sharelens);;All files (*)</source>
        <translation>ShareLens-Sitzungen (*.sharelens);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>This session holds %1 models (agents mode); ShareLens opens sessions of one model only.</source>
        <translation>Diese Sitzung enthält %1 Modelle (Agentenmodus); ShareLens öffnet nur Sitzungen eines Modells.</translation>
    </message>
    <message>
        <source>Its model folder %1 is missing. Put the model back there, or edit the &quot;models&quot; entry of the session file to where it is now.</source>
        <translation>Ihr Modellordner %1 fehlt. Legen Sie das Modell dorthin zurück oder ändern Sie den Eintrag &quot;models&quot; der Sitzungsdatei auf den neuen Ort.</translation>
    </message>
    <message>
        <source>Opened session %1.</source>
        <translation>Sitzung %1 geöffnet.</translation>
    </message>
    <message>
        <source>Open a model first: a session records what was done with one.</source>
        <translation>Öffnen Sie zuerst ein Modell: Eine Sitzung hält fest, was mit einem Modell getan wurde.</translation>
    </message>
    <message>
        <source>Saved session %1.</source>
        <translation>Sitzung %1 gespeichert.</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>ShareLens sessions (*.sharelens)</source>
        <translation>ShareLens-Sitzungen (*.sharelens)</translation>
    </message>
    <message>
        <source>Cannot save the session</source>
        <translation>Sitzung kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>ShareLens could not save %1.</source>
        <translation>ShareLens konnte %1 nicht speichern.</translation>
    </message>
    <message>
        <source>Cannot open session</source>
        <translation>Sitzung kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>ShareLens could not open the session %1.</source>
        <translation>ShareLens konnte die Sitzung %1 nicht öffnen.</translation>
    </message>
    <message>
        <source>Open a model first: the report describes what was done with one.</source>
        <translation>Öffnen Sie zuerst ein Modell: Der Bericht beschreibt, was mit einem Modell getan wurde.</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message>
        <source>Wrote the report %1.</source>
        <translation>Bericht %1 geschrieben.</translation>
    </message>
    <message>
        <source>Cannot write the report</source>
        <translation>Bericht kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>There is no trained shared model to export yet. Run a fine-tune in the Fine-tune tab first (a run reopened from a session file keeps its records, not its model: run it again, or use sharelens-cli finetune, whose OUT/shared folder is the compact checkpoint).</source>
        <translation>Es gibt noch kein trainiertes geteiltes Modell zum Exportieren. Starten Sie zuerst eine Feinabstimmung im Reiter Feinabstimmung (ein aus einer Sitzungsdatei geöffneter Lauf behält seine Aufzeichnungen, nicht sein Modell: starten Sie ihn erneut oder nutzen Sie sharelens-cli finetune, dessen Ordner OUT/shared der kompakte Checkpoint ist).</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>Export nach %1…</translation>
    </message>
    <message>
        <source>Nothing to export yet</source>
        <translation>Noch nichts zu exportieren</translation>
    </message>
    <message>
        <source>There is no trained shared model to export yet. Run a fine-tune in the Fine-tune tab first.</source>
        <translation>Es gibt noch kein trainiertes geteiltes Modell zum Exportieren. Starten Sie zuerst eine Feinabstimmung im Reiter Feinabstimmung.</translation>
    </message>
    <message>
        <source>Export Compact Checkpoint</source>
        <translation>Kompakten Checkpoint exportieren</translation>
    </message>
    <message>
        <source>Export Hugging Face Folder</source>
        <translation>Hugging-Face-Ordner exportieren</translation>
    </message>
    <message>
        <source>Cannot export the shared model</source>
        <translation>Geteiltes Modell kann nicht exportiert werden</translation>
    </message>
    <message>
        <source>Save A&amp;gents Session As…</source>
        <translation>A&amp;gentensitzung speichern unter…</translation>
    </message>
    <message>
        <source>ShareLens — Agents</source>
        <translation>ShareLens — Agenten</translation>
    </message>
    <message>
        <source>%1[*] — ShareLens — Agents</source>
        <translation>%1[*] — ShareLens — Agenten</translation>
    </message>
    <message>
        <source>Analyze two or more agents first: an agents session records what was done with them.</source>
        <translation>Analysieren Sie zuerst zwei oder mehr Agenten: Eine Agentensitzung hält fest, was mit ihnen getan wurde.</translation>
    </message>
    <message>
        <source>Save Agents Session</source>
        <translation>Agentensitzung speichern</translation>
    </message>
    <message>
        <source>Opened session %1, but: %2</source>
        <translation>Sitzung %1 geöffnet, aber: %2</translation>
    </message>
    <message>
        <source>The export was cancelled; %1 is as it was.</source>
        <translation>Der Export wurde abgebrochen; %1 ist unverändert.</translation>
    </message>
    <message>
        <source>Exported the shared model to %1 (%2, %3).</source>
        <translation>Geteiltes Modell nach %1 exportiert (%2, %3).</translation>
    </message>
    <message>
        <source>As the model stores them (%1)</source>
        <translation>Wie im Modell gespeichert (%1)</translation>
    </message>
    <message>
        <source>Export Precision</source>
        <translation>Genauigkeit beim Export</translation>
    </message>
    <message>
        <source>Store the weights as:</source>
        <translation>Gewichte speichern als:</translation>
    </message>
    <message>
        <source>Analysis cancelled.</source>
        <translation>Analyse abgebrochen.</translation>
    </message>
    <message>
        <source>Open &amp;GGUF File…</source>
        <translation>&amp;GGUF-Datei öffnen…</translation>
    </message>
    <message>
        <source>Open GGUF File</source>
        <translation>GGUF-Datei öffnen</translation>
    </message>
    <message>
        <source>GGUF (*.gguf);;All files (*)</source>
        <translation>GGUF (*.gguf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Opened %1. It has no tokenizer: calibrate it with token ids (Calibration › Token ids).</source>
        <translation>%1 geöffnet. Es hat keinen Tokenizer: kalibrieren Sie es mit Token-IDs (Kalibrierung › Token-IDs).</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Clear &amp;Selection</source>
        <translation>&amp;Auswahl aufheben</translation>
    </message>
    <message>
        <source>Reset Heatmap &amp;Zoom</source>
        <translation>Heatmap-&amp;Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>Show the whole matrix again (or double-click the heatmap).</source>
        <translation>Wieder die ganze Matrix zeigen (oder Doppelklick auf die Heatmap).</translation>
    </message>
    <message>
        <source>An analysis is running.</source>
        <translation>Eine Analyse läuft.</translation>
    </message>
    <message>
        <source>A fine-tune is running.</source>
        <translation>Ein Feintuning läuft.</translation>
    </message>
    <message>
        <source>The shared model is being exported.</source>
        <translation>Das geteilte Modell wird exportiert.</translation>
    </message>
    <message>
        <source>An agents analysis is running.</source>
        <translation>Eine Agentenanalyse läuft.</translation>
    </message>
    <message>
        <source>An agents fine-tune is running.</source>
        <translation>Ein Feintuning der Agenten läuft.</translation>
    </message>
    <message>
        <source>The shared pool is being exported.</source>
        <translation>Der gemeinsame Pool wird exportiert.</translation>
    </message>
    <message>
        <source>A run is in progress</source>
        <translation>Ein Lauf ist im Gange</translation>
    </message>
    <message>
        <source>Stop it and close the window, or keep it running with the window closed (its results are shown when you open the window again).</source>
        <translation>Halten Sie ihn an und schließen Sie das Fenster, oder lassen Sie ihn bei geschlossenem Fenster weiterlaufen (seine Ergebnisse erscheinen, wenn Sie das Fenster wieder öffnen).</translation>
    </message>
    <message>
        <source>Closing stops it; what it has done so far is lost.</source>
        <translation>Schließen hält ihn an; was er bisher berechnet hat, geht verloren.</translation>
    </message>
    <message>
        <source>Stop and Close</source>
        <translation>Anhalten und schließen</translation>
    </message>
    <message>
        <source>Keep Running</source>
        <translation>Weiterlaufen lassen</translation>
    </message>
    <message>
        <source>&amp;Save Agents Session</source>
        <translation>Agenten-Sitzung &amp;speichern</translation>
    </message>
    <message>
        <source>Save Agents Session &amp;As…</source>
        <translation>Agenten-Sitzung speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Open Session…</source>
        <translation>Sitzung ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Export &amp;Report (PDF)…</source>
        <translation>&amp;Bericht exportieren (PDF)…</translation>
    </message>
    <message>
        <source>&amp;Close Window</source>
        <translation>Fenster s&amp;chließen</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>A fine-tune is running: show run %1 when it has finished, or cancel it first.</source>
        <translation>Ein Feintuning läuft: zeigen Sie Lauf %1, wenn es beendet ist, oder brechen Sie es zuerst ab.</translation>
    </message>
    <message>
        <source>Showing run %1 in the Fine-tune tab.</source>
        <translation>Lauf %1 wird im Reiter Feintuning gezeigt.</translation>
    </message>
    <message>
        <source>%1 float32</source>
        <translation>%1 float32</translation>
    </message>
    <message>
        <source>%1 %2 as stored</source>
        <translation>%1 %2 wie gespeichert</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>In memory:</source>
        <translation>Im Speicher:</translation>
    </message>
</context>
<context>
    <name>sharelens::app::ModelLoader</name>
    <message>
        <source>Loading was cancelled.</source>
        <translation>Das Laden wurde abgebrochen.</translation>
    </message>
</context>
<context>
    <name>sharelens::app::RunControls</name>
    <message>
        <source>Analyze</source>
        <translation>Analysieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>Schritt %1 von %2: %3</translation>
    </message>
    <message>
        <source>About %1 s left</source>
        <translation>Noch etwa %1 s</translation>
    </message>
    <message>
        <source>About %1 min left</source>
        <translation>Noch etwa %1 min</translation>
    </message>
</context>
<context>
    <name>sharelens::app::RunsView</name>
    <message>
        <source>Run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Training loss
baseline / shared</source>
        <translation>Trainingsverlust
Basis / geteilt</translation>
    </message>
    <message>
        <source>Validation loss
baseline / shared</source>
        <translation>Validierungsverlust
Basis / geteilt</translation>
    </message>
    <message>
        <source>Mean tokens/s
baseline / shared</source>
        <translation>Mittel Tokens/s
Basis / geteilt</translation>
    </message>
    <message>
        <source>Peak RSS</source>
        <translation>Höchster RSS</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Runs in the order they finished; choose one, or two to overlay (Ctrl+click).</source>
        <translation>Läufe in der Reihenfolge ihres Endes; wählen Sie einen, oder zwei zum Überlagern (Strg+Klick).</translation>
    </message>
    <message>
        <source>Batch, sequence length, learning rate, initialisation of the shared groups, seed and text.</source>
        <translation>Batch, Sequenzlänge, Lernrate, Initialisierung der geteilten Gruppen, Seed und Text.</translation>
    </message>
    <message>
        <source>Steps run of the steps asked for.</source>
        <translation>Gelaufene von den verlangten Schritten.</translation>
    </message>
    <message>
        <source>Training loss at the last step.</source>
        <translation>Trainingsverlust beim letzten Schritt.</translation>
    </message>
    <message>
        <source>Validation loss after the last step, on the run&apos;s fixed validation windows.</source>
        <translation>Validierungsverlust nach dem letzten Schritt, auf den festen Validierungsfenstern des Laufs.</translation>
    </message>
    <message>
        <source>Mean training speed over the steps.</source>
        <translation>Mittlere Trainingsgeschwindigkeit über die Schritte.</translation>
    </message>
    <message>
        <source>The highest resident memory of the process during the run.</source>
        <translation>Der höchste residente Speicher des Prozesses während des Laufs.</translation>
    </message>
    <message>
        <source>Completed, or why the run stopped.</source>
        <translation>Abgeschlossen, oder warum der Lauf anhielt.</translation>
    </message>
    <message>
        <source>No fine-tune has finished in this session yet. Every run that finishes (or is stopped) is listed here and saved with the session.</source>
        <translation>In dieser Sitzung ist noch kein Feintuning beendet. Jeder Lauf, der endet (oder angehalten wird), erscheint hier und wird mit der Sitzung gespeichert.</translation>
    </message>
    <message>
        <source>Show in Fine-tune Tab</source>
        <translation>Im Reiter Feintuning zeigen</translation>
    </message>
    <message>
        <source>Puts run A&apos;s settings, charts and tables back into the Fine-tune tab.</source>
        <translation>Bringt die Einstellungen, Diagramme und Tabellen von Lauf A zurück in den Reiter Feintuning.</translation>
    </message>
    <message>
        <source>Overlay run A (solid):</source>
        <translation>Lauf A überlagern (durchgezogen):</translation>
    </message>
    <message>
        <source>with run B (dashed):</source>
        <translation>mit Lauf B (gestrichelt):</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <source>Loss (nats)</source>
        <translation>Verlust (nats)</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>Tokens pro Sekunde</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>batch %1 · %2 tokens · lr %3 · seed %4</source>
        <translation>Batch %1 · %2 Tokens · LR %3 · Seed %4</translation>
    </message>
    <message>
        <source> · init %1</source>
        <translation> · Init. %1</translation>
    </message>
    <message>
        <source> · private norms</source>
        <translation> · eigene Normen</translation>
    </message>
    <message>
        <source> · delta rank %1</source>
        <translation> · Delta-Rang %1</translation>
    </message>
    <message>
        <source> · built-in text</source>
        <translation> · eingebauter Text</translation>
    </message>
    <message>
        <source> · %1</source>
        <translation> · %1</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keines)</translation>
    </message>
    <message>
        <source>shared</source>
        <translation>geteilt</translation>
    </message>
    <message>
        <source>baseline</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 %2 (dashed)</source>
        <translation>%1 %2 (gestrichelt)</translation>
    </message>
</context>
<context>
    <name>sharelens::app::WorkerGroup</name>
    <message>
        <source>worker %1 of %2: %3</source>
        <translation>Prozess %1 von %2: %3</translation>
    </message>
    <message>
        <source>could not start %1 (%2); ShareLens runs its workers with the sharelens-cli installed next to it</source>
        <translation>%1 konnte nicht gestartet werden (%2); ShareLens startet seine Worker-Prozesse mit dem daneben installierten sharelens-cli</translation>
    </message>
    <message>
        <source>worker %1 of %2 crashed</source>
        <translation>Prozess %1 von %2 ist abgestürzt</translation>
    </message>
    <message>
        <source>worker %1 of %2 ended with exit code %3</source>
        <translation>Prozess %1 von %2 endete mit Exit-Code %3</translation>
    </message>
</context>
<context>
    <name>sharelens::app::WorkerProgressTable</name>
    <message>
        <source>Processes that share the work (a process group on this computer, each with its share of the CPUs); 1 runs it inside ShareLens. The result is the same; each worker&apos;s progress is shown while it runs.</source>
        <translation>Prozesse, die sich die Arbeit teilen (eine Prozessgruppe auf diesem Rechner, jeder mit seinem Anteil der CPUs); 1 rechnet in ShareLens selbst. Das Ergebnis ist dasselbe; der Fortschritt jedes Prozesses wird während des Laufs angezeigt.</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
</context>
<context>
    <name>sharelens::widgets</name>
    <message>
        <source>t = %1</source>
        <translation>t = %1</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>Keine Daten</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Distance (1 − S)</source>
        <translation>Abstand (1 − S)</translation>
    </message>
    <message>
        <source>Cannot export “%1”: unknown figure format “%2”; use .png, .svg or .pdf.</source>
        <translation>„%1“ kann nicht exportiert werden: unbekanntes Abbildungsformat „%2“; verwenden Sie .png, .svg oder .pdf.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keines)</translation>
    </message>
    <message>
        <source>Cannot export “%1”: the figure size must be between 1 and 14400 points.</source>
        <translation>„%1“ kann nicht exportiert werden: die Abbildungsgröße muss zwischen 1 und 14400 Punkten liegen.</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2.</source>
        <translation>„%1“ kann nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Cannot export “%1”: not enough memory for the image.</source>
        <translation>„%1“ kann nicht exportiert werden: nicht genug Speicher für das Bild.</translation>
    </message>
    <message>
        <source>ShareLens figure</source>
        <translation>ShareLens-Abbildung</translation>
    </message>
    <message>
        <source>Created by ShareLens</source>
        <translation>Erstellt mit ShareLens</translation>
    </message>
    <message>
        <source>Cannot write “%1”: the SVG writer did not start.</source>
        <translation>„%1“ kann nicht geschrieben werden: der SVG-Schreiber startete nicht.</translation>
    </message>
    <message>
        <source>ShareLens</source>
        <translation>ShareLens</translation>
    </message>
    <message>
        <source>Cannot write “%1”: the PDF writer did not start.</source>
        <translation>„%1“ kann nicht geschrieben werden: der PDF-Schreiber startete nicht.</translation>
    </message>
    <message>
        <source>Cannot export “%1”: %2</source>
        <translation>„%1“ kann nicht exportiert werden: %2</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>(no model)</source>
        <translation>(kein Modell)</translation>
    </message>
    <message>
        <source>Pearson correlation</source>
        <translation>Pearson-Korrelation</translation>
    </message>
    <message>
        <source>Cosine similarity</source>
        <translation>Kosinus-Ähnlichkeit</translation>
    </message>
    <message>
        <source>Linear CKA</source>
        <translation>Lineares CKA</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 tokens · %4 linkage · threshold %5</source>
        <translation>%1 · %2 · %3 Tokens · Verknüpfung %4 · Schwelle %5</translation>
    </message>
    <message>
        <source>Layer similarity</source>
        <translation>Schichtähnlichkeit</translation>
    </message>
    <message>
        <source>Clustering of units</source>
        <translation>Clustering der Einheiten</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Hidden size</source>
        <translation>Verborgene Größe</translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation>Attention-Köpfe</translation>
    </message>
    <message>
        <source>%1 (%2 key/value)</source>
        <translation>%1 (%2 Key/Value)</translation>
    </message>
    <message>
        <source>MLP size</source>
        <translation>MLP-Größe</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>Vokabular</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Speicherung</translation>
    </message>
    <message>
        <source>%1, %2 tensors, %3 (%4 bytes), %5</source>
        <translation>%1, %2 Tensoren, %3 (%4 Bytes), %5</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <source>%1 steps, batch %2 × %3 tokens, learning rate %4, seed %5</source>
        <translation>%1 Schritte, Batch %2 × %3 Tokens, Lernrate %4, Seed %5</translation>
    </message>
    <message>
        <source>, init %1</source>
        <translation>, Initialisierung %1</translation>
    </message>
    <message>
        <source>as the plan says</source>
        <translation>wie im Plan</translation>
    </message>
    <message>
        <source>, private norms</source>
        <translation>, private Normen</translation>
    </message>
    <message>
        <source>, low-rank deltas of rank %1</source>
        <translation>, Niedrigrang-Deltas vom Rang %1</translation>
    </message>
    <message>
        <source>; text: %1</source>
        <translation>; Text: %1</translation>
    </message>
    <message>
        <source>built-in calibration text</source>
        <translation>eingebauter Kalibriertext</translation>
    </message>
    <message>
        <source>ShareLens report</source>
        <translation>ShareLens-Bericht</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>No model summary: the model&apos;s folder could not be read.</source>
        <translation>Keine Modellübersicht: Der Modellordner konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Provenance</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>Report written by</source>
        <translation>Bericht geschrieben von</translation>
    </message>
    <message>
        <source>Session created by</source>
        <translation>Sitzung erstellt von</translation>
    </message>
    <message>
        <source>(not recorded)</source>
        <translation>(nicht festgehalten)</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Model path</source>
        <translation>Modellpfad</translation>
    </message>
    <message>
        <source>Calibration text</source>
        <translation>Kalibriertext</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <source>%1 sequences × %2 tokens, %3 units, first token %4</source>
        <translation>%1 Sequenzen × %2 Tokens, %3 Einheiten, erstes Token %4</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>behalten</translation>
    </message>
    <message>
        <source>, %1 tokens in %2 sequences</source>
        <translation>, %1 Tokens in %2 Sequenzen</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>%1 linkage on 1 − S</source>
        <translation>%1-Linkage auf 1 − S</translation>
    </message>
    <message>
        <source>, contiguous groups only</source>
        <translation>, nur zusammenhängende Gruppen</translation>
    </message>
    <message>
        <source>, first and last unit kept unshared</source>
        <translation>, erste und letzte Einheit ungeteilt</translation>
    </message>
    <message>
        <source>, at most %1 units per group</source>
        <translation>, höchstens %1 Einheiten je Gruppe</translation>
    </message>
    <message>
        <source>Linkage</source>
        <translation>Linkage</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwelle</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Last run (%1 of %1)</source>
        <translation>Letzter Lauf (%1 von %1)</translation>
    </message>
    <message>
        <source>Fine-tune run</source>
        <translation>Feinabstimmungslauf</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Groups at threshold %1</source>
        <translation>Gruppen bei Schwelle %1</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Einheiten</translation>
    </message>
    <message>
        <source>Shared parameters</source>
        <translation>Geteilte Parameter</translation>
    </message>
    <message>
        <source>Saved parameters</source>
        <translation>Gesparte Parameter</translation>
    </message>
    <message>
        <source>Saved bytes</source>
        <translation>Gesparte Bytes</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>%1 shared groups</source>
        <translation>%1 geteilte Gruppen</translation>
    </message>
    <message>
        <source>No group has two or more units at this threshold: nothing is shared.</source>
        <translation>Keine Gruppe hat bei dieser Schwelle zwei oder mehr Einheiten: nichts wird geteilt.</translation>
    </message>
    <message>
        <source>Unshared units (%1): %2</source>
        <translation>Ungeteilte Einheiten (%1): %2</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>Summen</translation>
    </message>
    <message>
        <source>%1 → %2 (%3)</source>
        <translation>%1 → %2 (%3)</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>%1 → %2 (%3), %4 bytes per parameter</source>
        <translation>%1 → %2 (%3), %4 Bytes je Parameter</translation>
    </message>
    <message>
        <source>%1 units in %2 groups (%3 shared)</source>
        <translation>%1 Einheiten in %2 Gruppen (%3 geteilt)</translation>
    </message>
    <message>
        <source>Private norms</source>
        <translation>Private Normen</translation>
    </message>
    <message>
        <source>Training: run %1 of %1</source>
        <translation>Training: Lauf %1 von %1</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Angehalten: %1</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Cross-entropy (nats)</source>
        <translation>Kreuzentropie (nats)</translation>
    </message>
    <message>
        <source>baseline, train</source>
        <translation>Basis, Training</translation>
    </message>
    <message>
        <source>shared, train</source>
        <translation>geteilt, Training</translation>
    </message>
    <message>
        <source>baseline, validation</source>
        <translation>Basis, Validierung</translation>
    </message>
    <message>
        <source>shared, validation</source>
        <translation>geteilt, Validierung</translation>
    </message>
    <message>
        <source>Training speed</source>
        <translation>Trainingsgeschwindigkeit</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>Tokens pro Sekunde</translation>
    </message>
    <message>
        <source>baseline</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>shared</source>
        <translation>geteilt</translation>
    </message>
    <message>
        <source>Model state</source>
        <translation>Modellzustand</translation>
    </message>
    <message>
        <source>Parameters, gradients, optimizer state</source>
        <translation>Parameter, Gradienten, Optimiererzustand</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>Peak memory</source>
        <translation>Spitzenspeicher</translation>
    </message>
    <message>
        <source>Peak resident set size of the process</source>
        <translation>Höchster residenter Speicher des Prozesses</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Validation loss before</source>
        <translation>Validierungsverlust vorher</translation>
    </message>
    <message>
        <source>after</source>
        <translation>nachher</translation>
    </message>
    <message>
        <source>change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Peak model state</source>
        <translation>Höchster Modellzustand</translation>
    </message>
    <message>
        <source>Comparison at a similar budget</source>
        <translation>Vergleich bei ähnlichem Budget</translation>
    </message>
    <message>
        <source>This run recorded no budget comparison (layer removal, int8): left out.</source>
        <translation>Dieser Lauf hielt keinen Budgetvergleich fest (Schichtentfernung, int8): ausgelassen.</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>Validierungsverlust</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>Perplexität</translation>
    </message>
    <message>
        <source>vs baseline</source>
        <translation>gegenüber Basis</translation>
    </message>
    <message>
        <source>millions</source>
        <translation>Millionen</translation>
    </message>
    <message>
        <source>thousands</source>
        <translation>Tausend</translation>
    </message>
    <message>
        <source>KiB</source>
        <translation>KiB</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Validation loss vs parameters</source>
        <translation>Validierungsverlust gegen Parameter</translation>
    </message>
    <message>
        <source>Parameters (%1)</source>
        <translation>Parameter (%1)</translation>
    </message>
    <message>
        <source>Validation loss vs bytes</source>
        <translation>Validierungsverlust gegen Bytes</translation>
    </message>
    <message>
        <source>Bytes (%1)</source>
        <translation>Bytes (%1)</translation>
    </message>
    <message>
        <source>Validation loss (nats)</source>
        <translation>Validierungsverlust (nats)</translation>
    </message>
    <message>
        <source>Each method evaluated on the same validation sequences.</source>
        <translation>Jede Methode auf denselben Validierungssequenzen ausgewertet.</translation>
    </message>
    <message>
        <source>Cannot write the report “%1”: the session&apos;s analysis cannot be drawn: %2</source>
        <translation>Der Bericht „%1“ kann nicht geschrieben werden: Die Analyse der Sitzung lässt sich nicht zeichnen: %2</translation>
    </message>
    <message>
        <source>• Model summary and provenance</source>
        <translation>• Modellübersicht und Herkunft</translation>
    </message>
    <message>
        <source>• Similarity heatmap and dendrogram with the threshold</source>
        <translation>• Ähnlichkeits-Heatmap und Dendrogramm mit der Schwelle</translation>
    </message>
    <message>
        <source>No analysis in this session: the heatmap and the dendrogram are left out.</source>
        <translation>Keine Analyse in dieser Sitzung: Heatmap und Dendrogramm sind ausgelassen.</translation>
    </message>
    <message>
        <source>• Groups: members, shared and saved parameters and bytes</source>
        <translation>• Gruppen: Mitglieder, geteilte und gesparte Parameter und Bytes</translation>
    </message>
    <message>
        <source>No sharing plan in this session: the groups table is left out.</source>
        <translation>Kein Teilungsplan in dieser Sitzung: Die Gruppentabelle ist ausgelassen.</translation>
    </message>
    <message>
        <source>• Training charts of the last run</source>
        <translation>• Trainingsdiagramme des letzten Laufs</translation>
    </message>
    <message>
        <source>• Results and the comparison at a similar budget</source>
        <translation>• Ergebnisse und der Vergleich bei ähnlichem Budget</translation>
    </message>
    <message>
        <source>No fine-tune run in this session: the training charts and the comparison are left out.</source>
        <translation>Kein Feinabstimmungslauf in dieser Sitzung: Trainingsdiagramme und Vergleich sind ausgelassen.</translation>
    </message>
    <message>
        <source>Cannot write the report “%1”: %2.</source>
        <translation>Der Bericht „%1“ kann nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>ShareLens report: %1</source>
        <translation>ShareLens-Bericht: %1</translation>
    </message>
    <message>
        <source>Cannot write the report “%1”: the PDF writer did not start.</source>
        <translation>Der Bericht „%1“ kann nicht geschrieben werden: Der PDF-Schreiber ist nicht gestartet.</translation>
    </message>
    <message>
        <source>ShareLens report · %1 · %2</source>
        <translation>ShareLens-Bericht · %1 · %2</translation>
    </message>
    <message>
        <source>Similarity and clustering</source>
        <translation>Ähnlichkeit und Clustering</translation>
    </message>
    <message>
        <source>Cannot write the report “%1”: %2</source>
        <translation>Der Bericht „%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>this task</source>
        <translation>diese Aufgabe</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>, distilled from the unshared model (%1, temperature %2, KL weight %3, hidden weight %4)</source>
        <translation>, destilliert aus dem ungeteilten Modell (%1, Temperatur %2, KL-Gewicht %3, Gewicht der Blockausgaben %4)</translation>
    </message>
    <message>
        <source>Loss (nats)</source>
        <translation>Verlust (nats)</translation>
    </message>
    <message>
        <source>shared, cross-entropy</source>
        <translation>geteilt, Kreuzentropie</translation>
    </message>
    <message>
        <source>shared, KL to the unshared model</source>
        <translation>geteilt, KL zum ungeteilten Modell</translation>
    </message>
    <message>
        <source>shared, hidden-state MSE</source>
        <translation>geteilt, MSE der Blockausgaben</translation>
    </message>
    <message>
        <source>Tokens/s (mean)</source>
        <translation>Tokens/s (Mittel)</translation>
    </message>
    <message>
        <source>Validation loss: mean next-token cross-entropy on fixed windows of the held-out tail of the text, before training and after the last step; the comparison below uses the same windows. Tokens/s: the mean over the steps. Bytes as float32 unless the budget comparison recorded them.</source>
        <translation>Validierungsverlust: mittlere Kreuzentropie des nächsten Tokens auf festen Fenstern des zurückgehaltenen Endes des Textes, vor dem Training und nach dem letzten Schritt; der Vergleich unten nutzt dieselben Fenster. Tokens/s: das Mittel über die Schritte. Bytes als float32, sofern der Budgetvergleich sie nicht festhielt.</translation>
    </message>
    <message>
        <source>Layer importance and pruning</source>
        <translation>Schichtwichtigkeit und Beschneidung</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>ShareLens report: agents</source>
        <translation>ShareLens-Bericht: Agenten</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>%1 sequences × %2 tokens</source>
        <translation>%1 Sequenzen × %2 Tokens</translation>
    </message>
    <message>
        <source>, %1 tokens per agent in %2 sequences</source>
        <translation>, %1 Tokens je Agent in %2 Sequenzen</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Ebene</translation>
    </message>
    <message>
        <source>(not chosen)</source>
        <translation>(nicht gewählt)</translation>
    </message>
    <message>
        <source>%1 steps, batch %2 × %3 tokens, learning rate %4, seed %5, init %6</source>
        <translation>%1 Schritte, Batch %2 × %3 Tokens, Lernrate %4, Seed %5, Init. %6</translation>
    </message>
    <message>
        <source>Groups (%1 level)</source>
        <translation>Gruppen (Ebene %1)</translation>
    </message>
    <message>
        <source>No shared group at this threshold: every unit keeps its own parameters.</source>
        <translation>Keine geteilte Gruppe bei dieser Schwelle: jede Einheit behält ihre eigenen Parameter.</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Results of the last fine-tune</source>
        <translation>Ergebnisse des letzten Feintunings</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Peak RSS</source>
        <translation>Höchster RSS</translation>
    </message>
    <message>
        <source>unshared</source>
        <translation>ungeteilt</translation>
    </message>
    <message>
        <source>A system&apos;s validation loss is the mean over its agents, each on fixed windows of the held-out tail of its own text. Tokens/s: the mean over the steps.</source>
        <translation>Der Validierungsverlust eines Systems ist das Mittel über seine Agenten, jeder auf festen Fenstern des zurückgehaltenen Endes seines eigenen Textes. Tokens/s: das Mittel über die Schritte.</translation>
    </message>
    <message>
        <source>Each agent&apos;s validation loss</source>
        <translation>Validierungsverlust jedes Agenten</translation>
    </message>
    <message>
        <source>Unshared before</source>
        <translation>Ungeteilt vorher</translation>
    </message>
    <message>
        <source>Shared before</source>
        <translation>Geteilt vorher</translation>
    </message>
    <message>
        <source>Cannot write the report “%1”: the session is not an agents session.</source>
        <translation>Der Bericht „%1“ kann nicht geschrieben werden: die Sitzung ist keine Agenten-Sitzung.</translation>
    </message>
    <message>
        <source>ShareLens report: agents %1</source>
        <translation>ShareLens-Bericht: Agenten %1</translation>
    </message>
    <message>
        <source>ShareLens report · agents · %1</source>
        <translation>ShareLens-Bericht · Agenten · %1</translation>
    </message>
</context>
<context>
    <name>sharelens::widgets::ClusteringPanel</name>
    <message>
        <source>Average</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Vollständig</translation>
    </message>
    <message>
        <source>Single</source>
        <translation>Einfach</translation>
    </message>
    <message>
        <source>Weighted</source>
        <translation>Gewichtet</translation>
    </message>
    <message>
        <source>Ward</source>
        <translation>Ward</translation>
    </message>
    <message>
        <source>Linkage:</source>
        <translation>Verknüpfung:</translation>
    </message>
    <message>
        <source>Adjacent layers only</source>
        <translation>Nur benachbarte Schichten</translation>
    </message>
    <message>
        <source>Only merge neighbouring units, as layer folding and recursive transformers need.</source>
        <translation>Nur benachbarte Einheiten zusammenführen, wie es Schichtfaltung und rekursive Transformer verlangen.</translation>
    </message>
    <message>
        <source>Keep first and last unshared</source>
        <translation>Erste und letzte nicht teilen</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Keine Grenze</translation>
    </message>
    <message>
        <source>Largest group:</source>
        <translation>Größte Gruppe:</translation>
    </message>
    <message>
        <source>Distance 1 − S at which the tree is cut; drag the line in the dendrogram.</source>
        <translation>Abstand 1 − S, bei dem der Baum geschnitten wird; ziehen Sie die Linie im Dendrogramm.</translation>
    </message>
    <message>
        <source>Threshold:</source>
        <translation>Schwelle:</translation>
    </message>
    <message>
        <source>Threshold (distance 1 − S):</source>
        <translation>Schwelle (Abstand 1 − S):</translation>
    </message>
</context>
<context>
    <name>sharelens::widgets::DendrogramWidget</name>
    <message>
        <source>Merge at distance %1 (similarity %2)
%3 units: %4</source>
        <translation>Zusammenführung bei Abstand %1 (Ähnlichkeit %2)
%3 Einheiten: %4</translation>
    </message>
</context>
<context>
    <name>sharelens::widgets::GroupStrip</name>
    <message>
        <source>Layers appear here, coloured by group, after an analysis.</source>
        <translation>Nach einer Analyse erscheinen hier die Schichten, nach Gruppe gefärbt.</translation>
    </message>
    <message>
        <source>%1: group %2</source>
        <translation>%1: Gruppe %2</translation>
    </message>
    <message>
        <source>%1: not shared</source>
        <translation>%1: nicht geteilt</translation>
    </message>
</context>
<context>
    <name>sharelens::widgets::GroupTableModel</name>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Shared parameters</source>
        <translation>Geteilte Parameter</translation>
    </message>
    <message>
        <source>Saved parameters</source>
        <translation>Gesparte Parameter</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespart</translation>
    </message>
    <message>
        <source>Saved bytes</source>
        <translation>Gesparte Bytes</translation>
    </message>
    <message>
        <source>Group number; the colour is the group&apos;s in the heatmap, dendrogram and layer strip</source>
        <translation>Gruppennummer; die Farbe ist die der Gruppe in Heatmap, Dendrogramm und Schichtleiste</translation>
    </message>
    <message>
        <source>The units in the group; they would use one set of parameters</source>
        <translation>Die Einheiten der Gruppe; sie würden einen gemeinsamen Parametersatz verwenden</translation>
    </message>
    <message>
        <source>Parameters the group stores once (one member&apos;s share)</source>
        <translation>Parameter, die die Gruppe einmal speichert (der Anteil eines Mitglieds)</translation>
    </message>
    <message>
        <source>Parameters the group saves: (members − 1) × shared parameters</source>
        <translation>Parameter, die die Gruppe spart: (Mitglieder − 1) × geteilte Parameter</translation>
    </message>
    <message>
        <source>Bytes the group saves at the checkpoint&apos;s precision</source>
        <translation>Bytes, die die Gruppe bei der Genauigkeit des Checkpoints spart</translation>
    </message>
</context>
<context>
    <name>sharelens::widgets::HeatmapWidget</name>
    <message>
        <source>Rendering…</source>
        <translation>Wird gezeichnet…</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>%1 × %2
%3: %4</source>
        <translation>%1 × %2
%3: %4</translation>
    </message>
</context>
<context>
    <name>sharelens::widgets::ImportanceStrip</name>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1: %2 %3</translation>
    </message>
</context>
<context>
    <name>sharelens::widgets::Pages</name>
    <message>
        <source>(continued)</source>
        <translation>(Fortsetzung)</translation>
    </message>
    <message>
        <source>page %1</source>
        <translation>Seite %1</translation>
    </message>
</context>
<context>
    <name>sharelens::widgets::TrainingChartsPanel</name>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Figure (PNG, SVG, PDF)…</source>
        <translation>Abbildung (PNG, SVG, PDF)…</translation>
    </message>
    <message>
        <source>Data (CSV)…</source>
        <translation>Daten (CSV)…</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Loss (nats)</source>
        <translation>Verlust (nats)</translation>
    </message>
    <message>
        <source>%1 val.</source>
        <translation>%1 Val.</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>Tokens pro Sekunde</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Model state (MiB)</source>
        <translation>Modellzustand (MiB)</translation>
    </message>
    <message>
        <source>Peak RSS (right)</source>
        <translation>Spitzen-RSS (rechts)</translation>
    </message>
    <message>
        <source>Peak resident (MiB)</source>
        <translation>Spitze resident (MiB)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Export Chart Data</source>
        <translation>Diagrammdaten exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Export Chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Val. loss
before</source>
        <translation>Val.-Verlust
vorher</translation>
    </message>
    <message>
        <source>Val. loss
after</source>
        <translation>Val.-Verlust
nachher</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Model
state</source>
        <translation>Modell-
zustand</translation>
    </message>
    <message>
        <source>Mean
tokens/s</source>
        <translation>Mittel
Tokens/s</translation>
    </message>
    <message>
        <source>Validation loss
before</source>
        <translation>Validierungsverlust
vorher</translation>
    </message>
    <message>
        <source>Validation loss
after</source>
        <translation>Validierungsverlust
nachher</translation>
    </message>
    <message>
        <source>Model state</source>
        <translation>Modellzustand</translation>
    </message>
    <message>
        <source>Distillation</source>
        <translation>Destillation</translation>
    </message>
    <message>
        <source>Loss component</source>
        <translation>Verlustanteil</translation>
    </message>
    <message>
        <source>Cross-entropy</source>
        <translation>Kreuzentropie</translation>
    </message>
    <message>
        <source>KL to the unshared model</source>
        <translation>KL zum ungeteilten Modell</translation>
    </message>
    <message>
        <source>Hidden-state MSE</source>
        <translation>MSE der Blockausgaben</translation>
    </message>
</context>
<context>
    <name>sharelens::widgets::TrainingSettingsBox</name>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Schritte:</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>Batch:</translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation>Sequenzlänge:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Lernrate:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Startwert:</translation>
    </message>
</context>
</TS>
