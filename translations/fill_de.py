#!/usr/bin/env python3
"""Fills translations/sharelens_de.ts with the German texts below (run after
`cmake --build <dir> --target sharelens_lupdate`; strings missing here stay
unfinished and show in English)."""
import html
import os
import re

DE = {
    "Layer similarity and parameter sharing": "Schichtähnlichkeit und Parameterteilung",
    "Open the built-in demo model.": "Das eingebaute Demomodell öffnen.",
    "A model folder to open.": "Ein zu öffnender Modellordner.",
    "Reading calibration text": "Kalibriertext wird gelesen",
    "Capturing activations": "Aktivierungen werden erfasst",
    "Computing similarity": "Ähnlichkeit wird berechnet",
    "the text has %1 tokens, fewer than one sequence of %2; choose a longer text or a shorter sequence length":
        "der Text hat %1 Tokens, weniger als eine Sequenz von %2; wählen Sie einen längeren Text oder eine kürzere Sequenzlänge",
    "The analysis was cancelled.": "Die Analyse wurde abgebrochen.",
    "Could not write %1: %2": "%1 konnte nicht geschrieben werden: %2",
    "Starting…": "Wird gestartet…",
    "Analysis failed": "Analyse fehlgeschlagen",
    "The analysis could not be completed.": "Die Analyse konnte nicht abgeschlossen werden.",
    "Calibration": "Kalibrierung",
    "Built-in sample text": "Eingebauter Beispieltext",
    "Text file:": "Textdatei:",
    "Plain text (UTF-8)": "Reiner Text (UTF-8)",
    "Browse…": "Durchsuchen…",
    " tokens": " Tokens",
    "Sequence length:": "Sequenzlänge:",
    "Sequences:": "Sequenzen:",
    "Pearson correlation": "Pearson-Korrelation",
    "Cosine similarity": "Kosinus-Ähnlichkeit",
    "Linear CKA": "Lineares CKA",
    "Metric:": "Maß:",
    "Blocks": "Blöcke",
    "Attention and MLP": "Attention und MLP",
    "Units:": "Einheiten:",
    "Skip the first token": "Erstes Token überspringen",
    "Leave position 0 of every sequence out of the statistics (it often behaves as an attention sink).":
        "Position 0 jeder Sequenz aus der Statistik auslassen (sie wirkt oft als Attention-Senke).",
    "Analyze": "Analysieren",
    "Cancel": "Abbrechen",
    "Grouping": "Gruppierung",
    "Average": "Mittelwert",
    "Complete": "Vollständig",
    "Single": "Einfach",
    "Weighted": "Gewichtet",
    "Ward": "Ward",
    "Linkage:": "Verknüpfung:",
    "Adjacent layers only": "Nur benachbarte Schichten",
    "Only merge neighbouring units, as layer folding and recursive transformers need.":
        "Nur benachbarte Einheiten zusammenführen, wie es Schichtfaltung und rekursive Transformer verlangen.",
    "Keep first and last unshared": "Erste und letzte nicht teilen",
    "No limit": "Keine Grenze",
    "Largest group:": "Größte Gruppe:",
    "Export": "Exportieren",
    "Heatmap Figure…": "Heatmap-Abbildung…",
    "Dendrogram Figure…": "Dendrogramm-Abbildung…",
    "Similarity Matrix (CSV)…": "Ähnlichkeitsmatrix (CSV)…",
    "Groups (CSV)…": "Gruppen (CSV)…",
    "Analysis (JSON)…": "Analyse (JSON)…",
    "Threshold (distance 1 − S):": "Schwelle (Abstand 1 − S):",
    "Choose Calibration Text": "Kalibriertext wählen",
    "Text files (*.txt);;All files (*)": "Textdateien (*.txt);;Alle Dateien (*)",
    "Choose a text": "Text wählen",
    "Choose a calibration text file, or use the built-in sample text.":
        "Wählen Sie eine Kalibriertextdatei oder verwenden Sie den eingebauten Beispieltext.",
    "No sample text": "Kein Beispieltext",
    "The built-in calibration text was not found. Reinstall ShareLens or choose a text file.":
        "Der eingebaute Kalibriertext wurde nicht gefunden. Installieren Sie ShareLens neu oder wählen Sie eine Textdatei.",
    "Step %1 of %2: %3": "Schritt %1 von %2: %3",
    "About %1 s left": "Noch etwa %1 s",
    "About %1 min left": "Noch etwa %1 min",
    "%1 · %2 · %3 tokens · %4 linkage · threshold %5": "%1 · %2 · %3 Tokens · Verknüpfung %4 · Schwelle %5",
    "Clustering failed": "Clustering fehlgeschlagen",
    "Layer similarity": "Schichtähnlichkeit",
    "Clustering of units": "Clustering der Einheiten",
    "Shared groups: %1": "Geteilte Gruppen: %1",
    "%1 of %2 units in %3 shared groups · saves %4 parameters (%5, %6 %) · %7 → %8":
        "%1 von %2 Einheiten in %3 geteilten Gruppen · spart %4 Parameter (%5, %6 %) · %7 → %8",
    "There is no analysis to export yet.": "Es gibt noch keine Analyse zum Exportieren.",
    "PNG image (*.png)": "PNG-Bild (*.png)",
    "Export Heatmap": "Heatmap exportieren",
    "Export Dendrogram": "Dendrogramm exportieren",
    "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)":
        "PNG-Bild (*.png);;SVG-Zeichnung (*.svg);;PDF-Dokument (*.pdf)",
    "Export failed": "Export fehlgeschlagen",
    "JSON (*.json)": "JSON (*.json)",
    "CSV (*.csv)": "CSV (*.csv)",
    "Order heatmap by dendrogram": "Heatmap nach Dendrogramm ordnen",
    "Show units in the dendrogram's leaf order, so that clusters form blocks.":
        "Einheiten in der Blattreihenfolge des Dendrogramms zeigen, sodass Cluster Blöcke bilden.",
    "Layers appear here, coloured by group, after an analysis.":
        "Nach einer Analyse erscheinen hier die Schichten, nach Gruppe gefärbt.",
    "%1: group %2": "%1: Gruppe %2",
    "%1: not shared": "%1: nicht geteilt",
    "Group": "Gruppe",
    "Members": "Mitglieder",
    "Shared parameters": "Geteilte Parameter",
    "Saved parameters": "Gesparte Parameter",
    "Saved bytes": "Gesparte Bytes",
    "ShareLens": "ShareLens",
    "Loading cancelled.": "Laden abgebrochen.",
    "<h1>ShareLens</h1><p>See which layers of a transformer could share one set of parameters, and what that saves.</p>":
        "<h1>ShareLens</h1><p>Sehen Sie, welche Schichten eines Transformers einen Parametersatz teilen könnten und was das spart.</p>",
    "Open Model Folder…": "Modellordner öffnen…",
    "Open Demo Model": "Demomodell öffnen",
    "Recent models (or drop a model folder here):": "Zuletzt geöffnete Modelle (oder einen Modellordner hierher ziehen):",
    "&File": "&Datei",
    "&Open Model Folder…": "Modellordner ö&ffnen…",
    "Open &Demo Model": "&Demomodell öffnen",
    "Ctrl+D": "Ctrl+D",
    "Open &Recent": "&Zuletzt geöffnet",
    "&Quit": "&Beenden",
    "&View": "&Ansicht",
    "&Dark Theme": "&Dunkles Design",
    "&Help": "&Hilfe",
    "&About ShareLens": "Über &ShareLens",
    "About ShareLens": "Über ShareLens",
    "<b>ShareLens %1</b><p>Layer similarity and parameter sharing for transformers and multi-agent systems.</p>":
        "<b>ShareLens %1</b><p>Schichtähnlichkeit und Parameterteilung für Transformer und Multi-Agenten-Systeme.</p>",
    "Main": "Haupt",
    "Open Model Folder": "Modellordner öffnen",
    "The built-in demo model was not found. Reinstall ShareLens or set SHARELENS_DEMO_MODEL to its folder.":
        "Das eingebaute Demomodell wurde nicht gefunden. Installieren Sie ShareLens neu oder setzen Sie SHARELENS_DEMO_MODEL auf seinen Ordner.",
    "Opening %1…": "%1 wird geöffnet…",
    "<h2>%1</h2><p>%2</p>": "<h2>%1</h2><p>%2</p>",
    "Architecture:": "Architektur:",
    "Layers:": "Schichten:",
    "Hidden size:": "Breite:",
    "Attention heads:": "Attention-Köpfe:",
    "%1 (key/value: %2)": "%1 (Key/Value: %2)",
    "Vocabulary:": "Vokabular:",
    "Context:": "Kontext:",
    "Parameters:": "Parameter:",
    "Storage dtype:": "Speicher-Datentyp:",
    "Weights:": "Gewichte:",
    "%1 in %2 tensors (%3)": "%1 in %2 Tensoren (%3)",
    "Tokenizer:": "Tokenizer:",
    "%1 — ShareLens": "%1 — ShareLens",
    "Opened %1.": "%1 geöffnet.",
    "Cannot open model": "Modell kann nicht geöffnet werden",
    "The model could not be opened.": "Das Modell konnte nicht geöffnet werden.",
    "ShareLens could not open %1.": "ShareLens konnte %1 nicht öffnen.",
    "Loading was cancelled.": "Das Laden wurde abgebrochen.",
    "t = %1": "t = %1",
    "No data": "Keine Daten",
    "Unit": "Einheit",
    "Distance (1 − S)": "Abstand (1 − S)",
    "Cannot export “%1”: unknown figure format “%2”; use .png, .svg or .pdf.":
        "„%1“ kann nicht exportiert werden: unbekanntes Abbildungsformat „%2“; verwenden Sie .png, .svg oder .pdf.",
    "(none)": "(keines)",
    "Cannot export “%1”: the figure size must be between 1 and 14400 points.":
        "„%1“ kann nicht exportiert werden: die Abbildungsgröße muss zwischen 1 und 14400 Punkten liegen.",
    "Cannot write “%1”: %2.": "„%1“ kann nicht geschrieben werden: %2.",
    "Cannot export “%1”: not enough memory for the image.":
        "„%1“ kann nicht exportiert werden: nicht genug Speicher für das Bild.",
    "ShareLens figure": "ShareLens-Abbildung",
    "Created by ShareLens": "Erstellt mit ShareLens",
    "Cannot write “%1”: the SVG writer did not start.": "„%1“ kann nicht geschrieben werden: der SVG-Schreiber startete nicht.",
    "Cannot write “%1”: the PDF writer did not start.": "„%1“ kann nicht geschrieben werden: der PDF-Schreiber startete nicht.",
    "Cannot export “%1”: %2": "„%1“ kann nicht exportiert werden: %2",
    "Rendering…": "Wird gezeichnet…",
    "n/a": "k. A.",
    "value": "Wert",
    "%1 × %2\n%3: %4": "%1 × %2\n%3: %4",
    "Loading the baseline": "Basismodell wird geladen",
    "Reading the text": "Text wird gelesen",
    "Building the shared model": "Geteiltes Modell wird gebaut",
    "Training": "Training",
    "Finished": "Fertig",
    "Stopped": "Angehalten",
    "The fine-tune was cancelled.": "Das Nachtraining wurde abgebrochen.",
    "The fine-tune failed: %1": "Das Nachtraining ist fehlgeschlagen: %1",
    "Resume": "Fortsetzen",
    "Pause": "Pause",
    "Paused at step %1 of %2": "Pausiert bei Schritt %1 von %2",
    "Loss": "Verlust",
    "Loss (nats)": "Verlust (nats)",
    "Baseline": "Basismodell",
    "Shared": "Geteilt",
    "Baseline validation": "Basismodell, Validierung",
    "Shared validation": "Geteilt, Validierung",
    "Speed": "Geschwindigkeit",
    "Tokens per second": "Tokens pro Sekunde",
    "Memory": "Speicher",
    "Model state (MiB)": "Modellzustand (MiB)",
    "Baseline state": "Zustand Basismodell",
    "Shared state": "Zustand geteilt",
    "Peak resident (right)": "Spitze resident (rechts)",
    "Peak resident (MiB)": "Spitze resident (MiB)",
    "Run": "Lauf",
    "Validation loss\nbefore": "Validierungsverlust\nvorher",
    "Validation loss\nafter": "Validierungsverlust\nnachher",
    "Parameters": "Parameter",
    "Model state": "Modellzustand",
    "Mean\ntokens/s": "Mittel\nTokens/s",
    "Figure (PNG, SVG, PDF)…": "Abbildung (PNG, SVG, PDF)…",
    "Data (CSV)…": "Daten (CSV)…",
    "Results": "Ergebnisse",
    "Steps:": "Schritte:",
    "Batch:": "Batch:",
    "Learning rate:": "Lernrate:",
    "Seed:": "Startwert:",
    "Sharing": "Teilung",
    "Mean of the members": "Mittel der Mitglieder",
    "Medoid member": "Medoid-Mitglied",
    "First member": "Erstes Mitglied",
    "Private norms per layer": "Eigene Normen je Schicht",
    "0 (pure sharing)": "0 (reine Teilung)",
    "Initialisation:": "Initialisierung:",
    "Low-rank delta:": "Niedrigrang-Delta:",
    "Text": "Text",
    "Start": "Start",
    "Step": "Schritt",
    "Run an analysis and choose a threshold: the fine-tune trains the shared model of its groups against the baseline.":
        "Führen Sie eine Analyse durch und wählen Sie eine Schwelle: das Nachtraining trainiert das geteilte Modell ihrer Gruppen gegen das Basismodell.",
    "Plan: %1 shared groups · %2 → %3 parameters": "Plan: %1 geteilte Gruppen · %2 → %3 Parameter",
    "Choose a Text": "Text wählen",
    "%1: step %2 of %3": "%1: Schritt %2 von %3",
    " · about %1 s left": " · noch etwa %1 s",
    "Finished %1 steps.": "%1 Schritte abgeschlossen.",
    "Cancelled after %1 steps.": "Nach %1 Schritten abgebrochen.",
    "Stopped after %1 steps: %2": "Nach %1 Schritten angehalten: %2",
    "Cannot write %1: %2": "%1 kann nicht geschrieben werden: %2",
    "Export Chart Data": "Diagrammdaten exportieren",
    "CSV files (*.csv)": "CSV-Dateien (*.csv)",
    "Export Chart": "Diagramm exportieren",
    "Analysis": "Analyse",
    "Fine-tune": "Nachtraining",
    # Agents view (issue 7).
    "Open &Agents…": "&Agenten öffnen…",
    "ShareLens — Agents": "ShareLens — Agenten",
    "Agents analysis failed": "Agentenanalyse fehlgeschlagen",
    "The agents could not be analysed together.": "Die Agenten konnten nicht gemeinsam analysiert werden.",
    "Agents": "Agenten",
    "Model folder": "Modellordner",
    "Name": "Name",
    "The models of the system, one per row. Double-click a name to change it; an empty name means the folder's name.":
        "Die Modelle des Systems, eines pro Zeile. Doppelklick auf einen Namen ändert ihn; ein leerer Name bedeutet den Ordnernamen.",
    "Add…": "Hinzufügen…",
    "Remove": "Entfernen",
    "Layers (agent, block)": "Schichten (Agent, Block)",
    "Whole agents": "Ganze Agenten",
    "Layers: blocks of any agents may share one set of parameters. Agents: whole agents become one model.":
        "Schichten: Blöcke beliebiger Agenten können einen Parametersatz teilen. Agenten: ganze Agenten werden ein Modell.",
    "Level:": "Ebene:",
    "Distance 1 − S at which the tree is cut; drag the line in the dendrogram.":
        "Abstand 1 − S, bei dem der Baum geschnitten wird; ziehen Sie die Linie im Dendrogramm.",
    "Threshold:": "Schwelle:",
    "Similarity Heatmap Figure…": "Ähnlichkeits-Heatmap als Abbildung…",
    "Weight Difference Figure…": "Gewichtsunterschiede als Abbildung…",
    "Sharing Plan (JSON)…": "Teilungsplan (JSON)…",
    "Similarity and groups": "Ähnlichkeit und Gruppen",
    "Difference norm ‖w_a − w_b‖": "Differenznorm ‖w_a − w_b‖",
    "Relative difference ‖w_a − w_b‖ / ‖w_b‖": "Relative Differenz ‖w_a − w_b‖ / ‖w_b‖",
    "Weight cosine": "Gewichts-Kosinus",
    "Delta cosine (changes from the mean)": "Delta-Kosinus (Änderungen gegenüber dem Mittel)",
    "Layer:": "Schicht:",
    "Quantity:": "Größe:",
    "Computed from the weights alone (no calibration data): how far each pair of agents' blocks lie apart.":
        "Allein aus den Gewichten berechnet (ohne Kalibrierdaten): wie weit die Blöcke je zweier Agenten auseinanderliegen.",
    "Weights (data-free)": "Gewichte (ohne Daten)",
    "Empty: the folder's name (%1)": "Leer: der Ordnername (%1)",
    "Add an Agent (Model Folder)": "Agent hinzufügen (Modellordner)",
    "Add agents": "Agenten hinzufügen",
    "Add at least two model folders: agents mode compares two or more models.":
        "Fügen Sie mindestens zwei Modellordner hinzu: der Agentenmodus vergleicht zwei oder mehr Modelle.",
    "Add at least two model folders.": "Fügen Sie mindestens zwei Modellordner hinzu.",
    "%1 agents · %2 · %3 tokens per agent · %4 linkage · threshold %5":
        "%1 Agenten · %2 · %3 Tokens je Agent · Linkage %4 · Schwelle %5",
    "Similarity of the agents' blocks": "Ähnlichkeit der Blöcke der Agenten",
    "Similarity of the agents": "Ähnlichkeit der Agenten",
    "Agent / block": "Agent / Block",
    "Clustering of the agents' blocks": "Clustering der Blöcke der Agenten",
    "Clustering of the agents": "Clustering der Agenten",
    "agents": "Agenten",
    "blocks": "Blöcke",
    "Agent": "Agent",
    "block ": "Block ",
    "%1 of %2 %3 in %4 shared groups at threshold %5.\nSystem parameters: %6 → %7 (saves %8, %9 %) · bytes: %10 → %11":
        "%1 von %2 %3 in %4 geteilten Gruppen bei Schwelle %5.\nSystemparameter: %6 → %7 (spart %8, %9 %) · Bytes: %10 → %11",
    "Block %1: %2": "Block %1: %2",
    "There is no plan to export yet.": "Es gibt noch keinen Plan zum Exportieren.",
    "Export Sharing Plan": "Teilungsplan exportieren",
    "Export Figure": "Abbildung exportieren",
    "Loading agents": "Agenten werden geladen",
    "Comparing weights": "Gewichte werden verglichen",
}


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sharelens_de.ts")
    ts = open(path, encoding="utf-8").read()
    missing = []

    def fill(m):
        src = html.unescape(m.group(1))
        if src in DE:
            return "<source>%s</source>\n        <translation>%s</translation>" % (
                m.group(1), html.escape(DE[src], quote=False))
        missing.append(src)
        return m.group(0)

    def message(m):
        block = m.group(0)
        src = re.search(r"<source>(.*?)</source>", block, re.S)
        if not src or 'type="unfinished"' not in block:
            return block
        text = html.unescape(src.group(1))
        if text not in DE:
            missing.append(text)
            return block
        return re.sub(r"<translation[^>]*>.*?</translation>|<translation[^>]*/>",
                      "<translation>%s</translation>" % html.escape(DE[text], quote=False), block, flags=re.S)

    ts = re.sub(r"<message>.*?</message>", message, ts, flags=re.S)
    open(path, "w", encoding="utf-8").write(ts)
    for s in missing:
        print("untranslated:", repr(s))


if __name__ == "__main__":
    main()
