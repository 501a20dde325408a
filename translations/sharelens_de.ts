<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <source>A model folder to open.</source>
        <translation>Ein zu öffnender Modellordner.</translation>
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
</context>
<context>
    <name>sharelens::app::AnalysisView</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
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
        <source>Analyze</source>
        <translation>Analysieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Grouping</source>
        <translation>Gruppierung</translation>
    </message>
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
        <source>Threshold (distance 1 − S):</source>
        <translation>Schwelle (Abstand 1 − S):</translation>
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
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Loss (nats)</source>
        <translation>Verlust (nats)</translation>
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
        <source>Baseline validation</source>
        <translation>Basismodell, Validierung</translation>
    </message>
    <message>
        <source>Shared validation</source>
        <translation>Geteilt, Validierung</translation>
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
        <source>Baseline state</source>
        <translation>Zustand Basismodell</translation>
    </message>
    <message>
        <source>Shared state</source>
        <translation>Zustand geteilt</translation>
    </message>
    <message>
        <source>Peak resident (right)</source>
        <translation>Spitze resident (rechts)</translation>
    </message>
    <message>
        <source>Peak resident (MiB)</source>
        <translation>Spitze resident (MiB)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
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
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Model state</source>
        <translation>Modellzustand</translation>
    </message>
    <message>
        <source>Mean
tokens/s</source>
        <translation>Mittel
Tokens/s</translation>
    </message>
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
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
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
        <source>Step</source>
        <translation>Schritt</translation>
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
        <source>Cancelled after %1 steps.</source>
        <translation>Nach %1 Schritten abgebrochen.</translation>
    </message>
    <message>
        <source>Stopped after %1 steps: %2</source>
        <translation>Nach %1 Schritten angehalten: %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
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
</context>
<context>
    <name>sharelens::app::GroupStrip</name>
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
    <name>sharelens::app::GroupTableModel</name>
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
        <source>Saved bytes</source>
        <translation>Gesparte Bytes</translation>
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
        <source>Storage dtype:</source>
        <translation>Speicher-Datentyp:</translation>
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
        <source>%1 — ShareLens</source>
        <translation>%1 — ShareLens</translation>
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
</context>
<context>
    <name>sharelens::app::ModelLoader</name>
    <message>
        <source>Loading was cancelled.</source>
        <translation>Das Laden wurde abgebrochen.</translation>
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
</TS>
