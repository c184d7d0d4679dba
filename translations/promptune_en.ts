<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>QObject</name>
    <message>
        <source>Promptune %1 started; LibTorch uses %2 intra-op threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Debug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interactive prompt tuning of CLIP and masked language models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start training the opened session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A session file (*.promptune.json) to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring a panel to the front: runs, method, embedding, curves, log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not keep the unsaved edits in %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unsaved edits in %1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::BackbonePanel</name>
    <message>
        <source>Backbone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Hugging Face folder (config.json + model.safetensors + tokenizer files)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Weight &amp;File...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An OpenAI/open_clip checkpoint (.safetensors, or .pt: prefer safetensors, which never runs code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights SHA-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preprocessing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Backbone Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Backbone Weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints (*.safetensors *.pt *.bin);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open or create a session to choose its backbone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the checkpoint and hashing its weights...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot load %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masked language model: text methods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CLIP: image methods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::CurvesPanel</name>
    <message>
        <source>Curves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;moothing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight of the exponential moving average (debiased, as in TensorBoard); the raw values stay visible, faint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the curves as PNG or PDF, or every point as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all points (double-click the plot does the same)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick the series to plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss and other terms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy, NMI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (right axis)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (left axis)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Curves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EMA (debiased)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moving average</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moving average: a trailing window of 1 / (1 - weight) points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear Overlays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the runs overlaid from the Runs panel (the pinned baseline too)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plot against the training step or the epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Promptune curves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf);;CSV table (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::DatasetPanel</name>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class folders (root/&lt;class&gt;/*) or domain folders (root/&lt;domain&gt;/&lt;class&gt;/*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CSV manifest of images (path,label[,domain]) or a CSV/TSV/JSONL table of text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Dataset Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Dataset File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Datasets (*.csv *.tsv *.jsonl);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labeled examples per class drawn from the training data (0: all of them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which examples the few-shot subset and the held-out split take</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fraction of the training data held out for validation when no validation set is given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Shots per class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data s&amp;eed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Held out for validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which role&apos;s data to show below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class / domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files or rows the loader did not use, and why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open or create a session to choose its data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not used)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (domain %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This role is not used by the session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read this dataset: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n example(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source> · %1 unlabeled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>domain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No files or rows were skipped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::EmbeddingPanel</name>
    <message>
        <source>Embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class prototypes (diamonds) and target features: PCA during training, t-SNE on request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedding view needs OpenGL, which this display does not offer (start Promptune on a desktop, or under Xvfb with QT_QPA_PLATFORM=xcb).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t-SNE: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t-SNE cancelled; the previous layout is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t-SNE done (KL divergence %1). PCA returns the live view.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedding view needs OpenGL 3, which this display does not offer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::EmbeddingViewer</name>
    <message>
        <source>Embedding view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PCA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t-SNE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines to prototypes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Isolate selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No embedding yet: start a run (its first evaluation sends one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t-SNE...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>newer snapshot: choose t-SNE again to recompute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class prototype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>labeled feature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unlabeled target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>predicted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>iterations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate (0: auto)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>variance kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag: pan  Wheel: zoom  Shift+drag: select  Double-click: fit  Esc: show all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t-SNE needs an embedding snapshot with its original vectors; start a run first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edited prompts (hollow)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::ExportDialog</name>
    <message>
        <source>Export Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEFT adapter folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics (CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report (PNG: curves and embedding)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This prompt file cannot be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; · method %2 · backbone %3 · %n tensor(s), %4 KiB</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only text prompt tuning, P-tuning and prefix tuning have a PEFT form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no destination given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not write the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is ticked to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not write the image</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::LogPanel</name>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the lines shown to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::MainWindow</name>
    <message>
        <source>Promptune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU · %1 threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LibTorch uses the reference BLAS, about 20x slower than OpenBLAS: install libopenblas0-pthread.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Session...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put every panel back where it was when Promptune was first started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System Information...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+I</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create &amp;Demo Workspace...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rendered images, a tiny CLIP and BERT pre-trained here, and ready sessions (about 3 minutes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Promptune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the %1 panel (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo workspace is in %1; its sessions are in %1/sessions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo workspace: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the demo workspace...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 of %3, about %4 s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo workspace created in %1 with %2 sessions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo workspace was not created: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the demo workspace in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Promptune sessions (*.promptune.json);;JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+U</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Session...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Session &amp;As...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export Prompt...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Prompt File...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no tuned prompt yet: finish, pause or stop a run (or reopen one from the Runs panel) first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Prompt File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt files (*.prompt.safetensors);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The curves of %1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopened run %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run&apos;s settings are open as a new, unsaved session: edit them and press Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1[*] - Promptune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Promptune sessions (*.promptune.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session &quot;%1&quot; has edits that are not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a session that was never saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore Unsaved Edits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Promptune closed without saving edits to %1 (session &quot;%2&quot;). Restore them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored the unsaved edits of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit Promptune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A run is training. Quit anyway? It stops with a checkpoint and can be resumed from its run folder.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::MethodPanel</name>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initialisation, batch order and augmentation; the same seed repeats a run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A run is active or paused: settings are read-only. Stop it to edit; edits apply to the next run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This method has no options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::NewSessionDialog</name>
    <message>
        <source>New Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data is unlabeled target data (POUF adapts to it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Backbone folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backbone Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session &amp;file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Promptune sessions (*.promptune.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a backbone folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the data.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::PromptEditorPanel</name>
    <message>
        <source>Prompts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A shipped template set (openai/CLIP&apos;s, verbatim) or your own list below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The class name the preview fills in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template &amp;set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview &amp;class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One template per line, with {class} where the class name goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How an example becomes a prompt: {sentence} (or the LM-BFF mini-language) and one [MASK] where the label word goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LM &amp;template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applied edits are used by the next run; a run in progress keeps the prompts it started with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply to Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tokenizer for the preview: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The LM template needs a [MASK] where the label word goes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give at least one template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no {class} placeholder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 tokens (with start and end)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current template is %1 tokens long; CLIP reads 77 and cuts the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Zero-Shot Accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero-shot accuracy of these templates on the session&apos;s target images (else validation, else training), on a worker; usable while a run trains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recompute after each edit (half a second after typing stops)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Nearest Words of the Learned Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the backbone to find the nearest words...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix the templates first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing zero-shot accuracy on the %1 images...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Zero-shot on the %1 images: %2 % top-1 over %3 images with %n template(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Zero-shot accuracy not computed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One class per line as id, tab, name: the name is what prompts say for that class (the id is the folder or label of the data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class names in prompts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class names: &quot;%1&quot; is not &quot;id&lt;TAB&gt;name&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing learned yet: the first checkpoint (end of the first epoch) or a stopped, paused or finished run has context vectors to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot show the learned context: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each learned context vector&apos;s nearest vocabulary words: from the newest checkpoint while a run trains, from the prompt file after it (loads the backbone)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::RecentFiles</name>
    <message>
        <source>&amp;%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file no longer exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear Menu</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::RunControlsPanel</name>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No session open: File &gt; Open Session (Ctrl+O), or Help &gt; Create Demo Workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train the open session from the beginning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a checkpoint and stop; Resume continues from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue the paused run from its checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the run; its checkpoint and the prompt so far are kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard the paused run and train again from the beginning (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 steps/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 elapsed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto: the first CUDA device when there is one, else the CPU (this machine has no CUDA device)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto: the first CUDA device when there is one, else the CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::RunsPanel</name>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NMI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this run&apos;s curves and settings; a paused or cut-off run can then be resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run Again...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this run&apos;s settings as a new session, to edit and start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected run folders, checkpoints and prompt files included (Del)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run that is training cannot be deleted; stop it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run folder(s) with their checkpoints, metrics and prompt files? This cannot be undone.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw the selected runs&apos; curves over the current run&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pin as Baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this run&apos;s curves in the plot, dashed, as the run to beat</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::SessionController</name>
    <message>
        <source>No session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pausing: writing a checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A session is running; stop it before opening another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A session is running; stop it before reopening a run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session cannot be edited while a run is active or paused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no session to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding view: pan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding view: zoom at the mouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wheel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding view: select points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift+Drag (Ctrl adds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding view: fit all points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click or F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding view: clear selection, show all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Esc, right-click clears the selection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::SystemInfoDialog</name>
    <message>
        <source>About Promptune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Promptune %1&lt;/h2&gt;&lt;p&gt;Interactive prompt tuning of CLIP-like vision-language models and masked language models: load a backbone and a dataset, pick a prompt method, train in the background and watch the curves, then export the tuned prompt file.&lt;/p&gt;&lt;p&gt;Built with Qt, LibTorch, OpenCV, QCustomPlot and Dear ImGui.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Measure matmul speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times a 512x512 float32 matrix product with the current thread settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measuring...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matmul 512x512 float32: %1 GFLOP/s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>promptune::WelcomePage</name>
    <message>
        <source>&lt;h1&gt;Promptune %1&lt;/h1&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Adapt CLIP-like vision-language models and masked language models to your own data by tuning their prompts.&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Load a &lt;b&gt;backbone&lt;/b&gt;: a CLIP model (Hugging Face or OpenAI layout) or a BERT/RoBERTa masked language model.&lt;/li&gt;&lt;li&gt;Load a &lt;b&gt;dataset&lt;/b&gt;: labeled, few-shot, or unlabeled target data.&lt;/li&gt;&lt;li&gt;Pick a &lt;b&gt;prompt method&lt;/b&gt; and start training; it runs in the background.&lt;/li&gt;&lt;li&gt;Watch loss, accuracy and NMI curves and the embedding of class prototypes.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Export&lt;/b&gt; the tuned prompt file and load it back to predict.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU (%1 threads)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 CUDA device(s), first: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;This machine:&lt;/b&gt; %1 · BLAS: %2 · LibTorch %3&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System &amp;information...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the &amp;demo workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New here? Rendered images, a tiny CLIP and BERT pre-trained on this machine, and ready sessions for every method family (about 3 minutes)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
