<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>Promptune %1 started; LibTorch uses %2 intra-op threads</source>
        <translation>Promptune %1 已启动；LibTorch 使用 %2 个算子内线程</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>调试</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Interactive prompt tuning of CLIP and masked language models</source>
        <translation>CLIP 与掩码语言模型的交互式提示调优</translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation>打印版本号并退出。</translation>
    </message>
    <message>
        <source>Start training the opened session.</source>
        <translation>开始训练已打开的会话。</translation>
    </message>
    <message>
        <source>A session file (*.promptune.json) to open.</source>
        <translation>要打开的会话文件 (*.promptune.json)。</translation>
    </message>
</context>
<context>
    <name>promptune::CurvesPanel</name>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>S&amp;moothing:</source>
        <translation>平滑(&amp;M)：</translation>
    </message>
    <message>
        <source>Weight of the exponential moving average (debiased, as in TensorBoard); the raw values stay visible, faint</source>
        <translation>指数移动平均的权重（与 TensorBoard 相同的去偏处理）；原始数值仍以浅色显示</translation>
    </message>
    <message>
        <source>&amp;Export...</source>
        <translation>导出(&amp;E)...</translation>
    </message>
    <message>
        <source>Save the curves as PNG or PDF, or every point as CSV</source>
        <translation>将曲线保存为 PNG 或 PDF，或将所有数据点保存为 CSV</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Show all points (double-click the plot does the same)</source>
        <translation>显示所有数据点（双击图表效果相同）</translation>
    </message>
    <message>
        <source>Tick the series to plot</source>
        <translation>勾选要绘制的序列</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>loss and other terms</source>
        <translation>损失及其他项</translation>
    </message>
    <message>
        <source>accuracy, NMI</source>
        <translation>准确率、NMI</translation>
    </message>
    <message>
        <source>%1 (right axis)</source>
        <translation>%1（右轴）</translation>
    </message>
    <message>
        <source>%1 (left axis)</source>
        <translation>%1（左轴）</translation>
    </message>
    <message>
        <source>Export Curves</source>
        <translation>导出曲线</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf);;CSV table (*.csv)</source>
        <translation>PNG 图像 (*.png);;PDF 文档 (*.pdf);;CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>%1 could not be written.</source>
        <translation>无法写入 %1。</translation>
    </message>
</context>
<context>
    <name>promptune::LogPanel</name>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>%1 and above</source>
        <translation>%1 及以上</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the lines shown to the clipboard</source>
        <translation>将显示的行复制到剪贴板</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清除(&amp;L)</translation>
    </message>
</context>
<context>
    <name>promptune::MainWindow</name>
    <message>
        <source>Promptune</source>
        <translation>Promptune</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>CPU · %1 threads</source>
        <translation>CPU · %1 个线程</translation>
    </message>
    <message>
        <source>CUDA · %1</source>
        <translation>CUDA · %1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>LibTorch uses the reference BLAS, about 20x slower than OpenBLAS: install libopenblas0-pthread.</source>
        <translation>LibTorch 正在使用参考 BLAS，比 OpenBLAS 慢约 20 倍：请安装 libopenblas0-pthread。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Session...</source>
        <translation>打开会话(&amp;O)...</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Put every panel back where it was when Promptune was first started</source>
        <translation>将所有面板恢复到 Promptune 首次启动时的位置</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;System Information...</source>
        <translation>系统信息(&amp;S)...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+I</source>
        <translation>Ctrl+Shift+I</translation>
    </message>
    <message>
        <source>Create &amp;Demo Workspace...</source>
        <translation>创建演示工作区(&amp;D)...</translation>
    </message>
    <message>
        <source>Rendered images, a tiny CLIP and BERT pre-trained here, and ready sessions (about 3 minutes)</source>
        <translation>渲染图像、在本机预训练的小型 CLIP 和 BERT，以及现成的会话（约 3 分钟）</translation>
    </message>
    <message>
        <source>&amp;About Promptune</source>
        <translation>关于 Promptune(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Show or hide the %1 panel (%2)</source>
        <translation>显示或隐藏%1面板（%2）</translation>
    </message>
    <message>
        <source>Layout reset</source>
        <translation>布局已重置</translation>
    </message>
    <message>
        <source>The demo workspace is in %1; its sessions are in %1/sessions.</source>
        <translation>演示工作区位于 %1；其会话位于 %1/sessions。</translation>
    </message>
    <message>
        <source>Demo workspace: %1</source>
        <translation>演示工作区：%1</translation>
    </message>
    <message>
        <source>Creating the demo workspace...</source>
        <translation>正在创建演示工作区...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Demo Workspace</source>
        <translation>演示工作区</translation>
    </message>
    <message>
        <source>%1: %2 of %3, about %4 s left</source>
        <translation>%1：%2 / %3，约剩 %4 秒</translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1：%2 / %3</translation>
    </message>
    <message>
        <source>Demo workspace created in %1 with %2 sessions.</source>
        <translation>已在 %1 创建演示工作区，包含 %2 个会话。</translation>
    </message>
    <message>
        <source>The demo workspace was not created: %1</source>
        <translation>未能创建演示工作区：%1</translation>
    </message>
    <message>
        <source>Creating the demo workspace in %1</source>
        <translation>正在 %1 中创建演示工作区</translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation>正在继续 %1</translation>
    </message>
    <message>
        <source>Starting %1</source>
        <translation>正在开始 %1</translation>
    </message>
    <message>
        <source>The run failed: %1</source>
        <translation>运行失败：%1</translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Promptune sessions (*.promptune.json);;JSON files (*.json)</source>
        <translation>Promptune 会话 (*.promptune.json);;JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>%1 - Promptune</source>
        <translation>%1 - Promptune</translation>
    </message>
</context>
<context>
    <name>promptune::RecentFiles</name>
    <message>
        <source>&amp;%1 %2</source>
        <translation>&amp;%1 %2</translation>
    </message>
    <message>
        <source>This file no longer exists</source>
        <translation>此文件已不存在</translation>
    </message>
    <message>
        <source>No recent sessions</source>
        <translation>没有最近的会话</translation>
    </message>
    <message>
        <source>&amp;Clear Menu</source>
        <translation>清空菜单(&amp;C)</translation>
    </message>
</context>
<context>
    <name>promptune::RunControlsPanel</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>No session open: File &gt; Open Session (Ctrl+O), or Help &gt; Create Demo Workspace.</source>
        <translation>未打开会话：文件 &gt; 打开会话 (Ctrl+O)，或 帮助 &gt; 创建演示工作区。</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Train the open session from the beginning</source>
        <translation>从头训练已打开的会话</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Write a checkpoint and stop; Resume continues from it</source>
        <translation>写入检查点并停止；“继续”将从该检查点接着训练</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Continue the paused run from its checkpoint</source>
        <translation>从检查点继续已暂停的运行</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the run; its checkpoint and the prompt so far are kept</source>
        <translation>停止运行；保留其检查点和目前的提示</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · %3</translation>
    </message>
    <message>
        <source>not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Discard the paused run and train again from the beginning (F5)</source>
        <translation>放弃已暂停的运行，从头重新训练 (F5)</translation>
    </message>
    <message>
        <source>epoch %1/%2</source>
        <translation>第 %1/%2 轮</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>%1 steps/s</source>
        <translation>%1 步/秒</translation>
    </message>
    <message>
        <source>%1 elapsed</source>
        <translation>已用 %1</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
</context>
<context>
    <name>promptune::SessionController</name>
    <message>
        <source>No session</source>
        <translation>无会话</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Pausing: writing a checkpoint</source>
        <translation>正在暂停：写入检查点</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>A session is running; stop it before opening another.</source>
        <translation>有会话正在运行；请先停止再打开其他会话。</translation>
    </message>
</context>
<context>
    <name>promptune::SystemInfoDialog</name>
    <message>
        <source>About Promptune</source>
        <translation>关于 Promptune</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Promptune %1&lt;/h2&gt;&lt;p&gt;Interactive prompt tuning of CLIP-like vision-language models and masked language models: load a backbone and a dataset, pick a prompt method, train in the background and watch the curves, then export the tuned prompt file.&lt;/p&gt;&lt;p&gt;Built with Qt, LibTorch, OpenCV, QCustomPlot and Dear ImGui.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Promptune %1&lt;/h2&gt;&lt;p&gt;面向类 CLIP 视觉-语言模型和掩码语言模型的交互式提示调优：加载骨干模型和数据集，选择提示方法，在后台训练并观察曲线，然后导出调优后的提示文件。&lt;/p&gt;&lt;p&gt;基于 Qt、LibTorch、OpenCV、QCustomPlot 和 Dear ImGui 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Measure matmul speed</source>
        <translation>测量矩阵乘法速度(&amp;M)</translation>
    </message>
    <message>
        <source>Times a 512x512 float32 matrix product with the current thread settings</source>
        <translation>以当前线程设置计时一次 512x512 float32 矩阵乘法</translation>
    </message>
    <message>
        <source>&amp;Copy report</source>
        <translation>复制报告(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>系统(&amp;S)</translation>
    </message>
    <message>
        <source>Measuring...</source>
        <translation>正在测量...</translation>
    </message>
    <message>
        <source>Matmul 512x512 float32: %1 GFLOP/s</source>
        <translation>矩阵乘法 512x512 float32：%1 GFLOP/s</translation>
    </message>
</context>
<context>
    <name>promptune::WelcomePage</name>
    <message>
        <source>&lt;h1&gt;Promptune %1&lt;/h1&gt;</source>
        <translation>&lt;h1&gt;Promptune %1&lt;/h1&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Adapt CLIP-like vision-language models and masked language models to your own data by tuning their prompts.&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Load a &lt;b&gt;backbone&lt;/b&gt;: a CLIP model (Hugging Face or OpenAI layout) or a BERT/RoBERTa masked language model.&lt;/li&gt;&lt;li&gt;Load a &lt;b&gt;dataset&lt;/b&gt;: labeled, few-shot, or unlabeled target data.&lt;/li&gt;&lt;li&gt;Pick a &lt;b&gt;prompt method&lt;/b&gt; and start training; it runs in the background.&lt;/li&gt;&lt;li&gt;Watch loss, accuracy and NMI curves and the embedding of class prototypes.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Export&lt;/b&gt; the tuned prompt file and load it back to predict.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;p&gt;通过调优提示，让类 CLIP 视觉-语言模型和掩码语言模型适应你自己的数据。&lt;/p&gt;&lt;ol&gt;&lt;li&gt;加载&lt;b&gt;骨干模型&lt;/b&gt;：CLIP 模型（Hugging Face 或 OpenAI 格式）或 BERT/RoBERTa 掩码语言模型。&lt;/li&gt;&lt;li&gt;加载&lt;b&gt;数据集&lt;/b&gt;：有标签、少样本或无标签的目标数据。&lt;/li&gt;&lt;li&gt;选择&lt;b&gt;提示方法&lt;/b&gt;并开始训练；训练在后台运行。&lt;/li&gt;&lt;li&gt;观察损失、准确率和 NMI 曲线以及类别原型的嵌入。&lt;/li&gt;&lt;li&gt;&lt;b&gt;导出&lt;/b&gt;调优后的提示文件，并可重新加载用于预测。&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
    <message>
        <source>CPU (%1 threads)</source>
        <translation>CPU（%1 个线程）</translation>
    </message>
    <message>
        <source>%1 CUDA device(s), first: %2</source>
        <translation>%1 个 CUDA 设备，第一个：%2</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;This machine:&lt;/b&gt; %1 · BLAS: %2 · LibTorch %3&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;本机：&lt;/b&gt;%1 · BLAS：%2 · LibTorch %3&lt;/p&gt;</translation>
    </message>
    <message>
        <source>System &amp;information...</source>
        <translation>系统信息(&amp;I)...</translation>
    </message>
    <message>
        <source>Create the &amp;demo workspace</source>
        <translation>创建演示工作区(&amp;D)</translation>
    </message>
    <message>
        <source>New here? Rendered images, a tiny CLIP and BERT pre-trained on this machine, and ready sessions for every method family (about 3 minutes)</source>
        <translation>初次使用？渲染图像、在本机预训练的小型 CLIP 和 BERT，以及每类方法的现成会话（约 3 分钟）</translation>
    </message>
</context>
</TS>
