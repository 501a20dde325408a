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
        <source>agent %1: %2</source>
        <translation>Agent %1: %2</translation>
    </message>
    <message>
        <source>agent %1: the text gives %2 training and %3 validation tokens, fewer than one sequence of %4 each; choose a longer text or a shorter sequence length</source>
        <translation>Agent %1: der Text ergibt %2 Trainings- und %3 Validierungstoken, weniger als je eine Sequenz von %4; wählen Sie einen längeren Text oder eine kürzere Sequenzlänge</translation>
    </message>
    <message>
        <source>Building the shared system</source>
        <translation>Geteiltes System wird gebaut</translation>
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
        <source>At the same budget, on the same validation text:</source>
        <translation>Beim gleichen Budget, auf demselben Validierungstext:</translation>
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
        <source>Exported the shared model to %1.</source>
        <translation>Geteiltes Modell nach %1 exportiert.</translation>
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
        <source>Tokens/s (median)</source>
        <translation>Tokens/s (Median)</translation>
    </message>
    <message>
        <source>Peak model state</source>
        <translation>Höchster Modellzustand</translation>
    </message>
    <message>
        <source>Validation loss: mean next-token cross-entropy on the held-out tail of the text, before training and after the last step. Bytes as float32 unless the budget comparison recorded them.</source>
        <translation>Validierungsverlust: mittlere Kreuzentropie des nächsten Tokens auf dem zurückgehaltenen Ende des Textes, vor dem Training und nach dem letzten Schritt. Bytes als float32, sofern der Budgetvergleich sie nicht festhielt.</translation>
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
