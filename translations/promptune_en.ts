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
        <source>PNG image (*.png);;PDF document (*.pdf);;CSV table (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be written.</source>
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
        <source>%1 - Promptune</source>
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
