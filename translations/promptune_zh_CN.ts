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
    <message>
        <source>Bring a panel to the front: runs, method, embedding, curves, log.</source>
        <translation>将某个面板置于前方：runs、method、embedding、curves、log。</translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>Could not keep the unsaved edits in %1: %2</source>
        <translation>无法将未保存的修改保存在 %1：%2</translation>
    </message>
    <message>
        <source>The unsaved edits in %1 cannot be read: %2</source>
        <translation>无法读取 %1 中未保存的修改：%2</translation>
    </message>
</context>
<context>
    <name>promptune::BackbonePanel</name>
    <message>
        <source>Backbone</source>
        <translation>骨干模型</translation>
    </message>
    <message>
        <source>Open &amp;Folder...</source>
        <translation>打开文件夹(&amp;F)...</translation>
    </message>
    <message>
        <source>A Hugging Face folder (config.json + model.safetensors + tokenizer files)</source>
        <translation>Hugging Face 文件夹（config.json + model.safetensors + 分词器文件）</translation>
    </message>
    <message>
        <source>Open Weight &amp;File...</source>
        <translation>打开权重文件(&amp;F)...</translation>
    </message>
    <message>
        <source>An OpenAI/open_clip checkpoint (.safetensors, or .pt: prefer safetensors, which never runs code)</source>
        <translation>OpenAI/open_clip 检查点（.safetensors 或 .pt；推荐 safetensors，它从不执行代码）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>布局</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Weights SHA-256</source>
        <translation>权重 SHA-256</translation>
    </message>
    <message>
        <source>Preprocessing</source>
        <translation>预处理</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Open Backbone Folder</source>
        <translation>打开骨干模型文件夹</translation>
    </message>
    <message>
        <source>Open Backbone Weights</source>
        <translation>打开骨干模型权重</translation>
    </message>
    <message>
        <source>Checkpoints (*.safetensors *.pt *.bin);;All files (*)</source>
        <translation>检查点 (*.safetensors *.pt *.bin);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open or create a session to choose its backbone.</source>
        <translation>打开或新建会话以选择其骨干模型。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Loading the checkpoint and hashing its weights...</source>
        <translation>正在加载检查点并计算权重哈希...</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>未应用：%1</translation>
    </message>
    <message>
        <source>Cannot load %1: %2</source>
        <translation>无法加载 %1：%2</translation>
    </message>
    <message>
        <source>Masked language model: text methods</source>
        <translation>掩码语言模型：文本方法</translation>
    </message>
    <message>
        <source>CLIP: image methods</source>
        <translation>CLIP：图像方法</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
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
        <source>%1 could not be written.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>EMA (debiased)</source>
        <translation>EMA（去偏）</translation>
    </message>
    <message>
        <source>Moving average</source>
        <translation>移动平均</translation>
    </message>
    <message>
        <source>Moving average: a trailing window of 1 / (1 - weight) points</source>
        <translation>移动平均：最近 1 / (1 - 权重) 个点的窗口</translation>
    </message>
    <message>
        <source>Clear Overlays</source>
        <translation>清除叠加</translation>
    </message>
    <message>
        <source>Remove the runs overlaid from the Runs panel (the pinned baseline too)</source>
        <translation>移除从运行面板叠加的运行（包括固定的基线）</translation>
    </message>
    <message>
        <source>per step</source>
        <translation>按步</translation>
    </message>
    <message>
        <source>per epoch</source>
        <translation>按轮</translation>
    </message>
    <message>
        <source>Plot against the training step or the epoch</source>
        <translation>横轴使用训练步数或轮数</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>Promptune curves</source>
        <translation>Promptune 曲线</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf);;CSV table (*.csv)</source>
        <translation>PNG 图像 (*.png);;SVG 图像 (*.svg);;PDF 文档 (*.pdf);;CSV 表格 (*.csv)</translation>
    </message>
</context>
<context>
    <name>promptune::DatasetPanel</name>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Folder...</source>
        <translation>文件夹...</translation>
    </message>
    <message>
        <source>File...</source>
        <translation>文件...</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Class folders (root/&lt;class&gt;/*) or domain folders (root/&lt;domain&gt;/&lt;class&gt;/*)</source>
        <translation>类别文件夹 (root/&lt;class&gt;/*) 或领域文件夹 (root/&lt;domain&gt;/&lt;class&gt;/*)</translation>
    </message>
    <message>
        <source>A CSV manifest of images (path,label[,domain]) or a CSV/TSV/JSONL table of text</source>
        <translation>图像的 CSV 清单 (path,label[,domain]) 或文本的 CSV/TSV/JSONL 表格</translation>
    </message>
    <message>
        <source>Open Dataset Folder</source>
        <translation>打开数据集文件夹</translation>
    </message>
    <message>
        <source>Open Dataset File</source>
        <translation>打开数据集文件</translation>
    </message>
    <message>
        <source>Datasets (*.csv *.tsv *.jsonl);;All files (*)</source>
        <translation>数据集 (*.csv *.tsv *.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Labeled examples per class drawn from the training data (0: all of them)</source>
        <translation>从训练数据中为每个类别抽取的带标签样本数（0：全部）</translation>
    </message>
    <message>
        <source>Which examples the few-shot subset and the held-out split take</source>
        <translation>决定少样本子集和留出划分取哪些样本</translation>
    </message>
    <message>
        <source>Fraction of the training data held out for validation when no validation set is given</source>
        <translation>未提供验证集时，从训练数据中留出用于验证的比例</translation>
    </message>
    <message>
        <source>&amp;Shots per class</source>
        <translation>每类样本数(&amp;S)</translation>
    </message>
    <message>
        <source>Data s&amp;eed</source>
        <translation>数据种子(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Held out for validation</source>
        <translation>留出验证比例(&amp;H)</translation>
    </message>
    <message>
        <source>Which role&apos;s data to show below</source>
        <translation>在下方显示哪个角色的数据</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Class / domain</source>
        <translation>类别 / 领域</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Files or rows the loader did not use, and why</source>
        <translation>加载器未使用的文件或行及其原因</translation>
    </message>
    <message>
        <source>Open or create a session to choose its data.</source>
        <translation>打开或新建会话以选择其数据。</translation>
    </message>
    <message>
        <source>(not used)</source>
        <translation>（未使用）</translation>
    </message>
    <message>
        <source> (domain %1)</source>
        <translation>（领域 %1）</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>未应用：%1</translation>
    </message>
    <message>
        <source>This role is not used by the session.</source>
        <translation>该会话未使用此角色。</translation>
    </message>
    <message>
        <source>Reading %1...</source>
        <translation>正在读取 %1...</translation>
    </message>
    <message>
        <source>Cannot read this dataset: %1</source>
        <translation>无法读取此数据集：%1</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n example(s)</source>
        <translation>
            <numerusform>%1 · %n 个样本</numerusform>
        </translation>
    </message>
    <message>
        <source> · %1 unlabeled</source>
        <translation> · %1 个无标签</translation>
    </message>
    <message>
        <source> · %1 skipped</source>
        <translation> · %1 个已跳过</translation>
    </message>
    <message>
        <source>domain: %1</source>
        <translation>领域：%1</translation>
    </message>
    <message>
        <source>No files or rows were skipped.</source>
        <translation>没有跳过任何文件或行。</translation>
    </message>
</context>
<context>
    <name>promptune::EmbeddingPanel</name>
    <message>
        <source>Embedding</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <source>Class prototypes (diamonds) and target features: PCA during training, t-SNE on request.</source>
        <translation>类别原型（菱形）与目标特征：训练中使用 PCA，按需使用 t-SNE。</translation>
    </message>
    <message>
        <source>The embedding view needs OpenGL, which this display does not offer (start Promptune on a desktop, or under Xvfb with QT_QPA_PLATFORM=xcb).</source>
        <translation>嵌入视图需要 OpenGL，而当前显示环境不提供（请在桌面上启动 Promptune，或在 Xvfb 下使用 QT_QPA_PLATFORM=xcb）。</translation>
    </message>
    <message>
        <source>t-SNE: %1</source>
        <translation>t-SNE：%1</translation>
    </message>
    <message>
        <source>t-SNE cancelled; the previous layout is kept.</source>
        <translation>t-SNE 已取消；保留之前的布局。</translation>
    </message>
    <message>
        <source>t-SNE done (KL divergence %1). PCA returns the live view.</source>
        <translation>t-SNE 完成（KL 散度 %1）。选择 PCA 可回到实时视图。</translation>
    </message>
    <message>
        <source>The embedding view needs OpenGL 3, which this display does not offer.</source>
        <translation>嵌入视图需要 OpenGL 3，而当前显示环境不提供。</translation>
    </message>
</context>
<context>
    <name>promptune::EmbeddingViewer</name>
    <message>
        <source>Embedding view</source>
        <translation>嵌入视图</translation>
    </message>
    <message>
        <source>PCA</source>
        <translation>PCA</translation>
    </message>
    <message>
        <source>t-SNE</source>
        <translation>t-SNE</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>by class</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>by domain</source>
        <translation>按领域</translation>
    </message>
    <message>
        <source>Lines to prototypes</source>
        <translation>连线到原型</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Isolate selection</source>
        <translation>仅显示所选</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <source>No embedding yet: start a run (its first evaluation sends one)</source>
        <translation>尚无嵌入：请开始一次运行（其首次评估会发送嵌入）</translation>
    </message>
    <message>
        <source>t-SNE...</source>
        <translation>t-SNE...</translation>
    </message>
    <message>
        <source>newer snapshot: choose t-SNE again to recompute</source>
        <translation>有更新的快照：再次选择 t-SNE 以重新计算</translation>
    </message>
    <message>
        <source>class prototype</source>
        <translation>类别原型</translation>
    </message>
    <message>
        <source>labeled feature</source>
        <translation>带标签特征</translation>
    </message>
    <message>
        <source>unlabeled target</source>
        <translation>无标签目标</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>domain</source>
        <translation>领域</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>iterations</source>
        <translation>迭代次数</translation>
    </message>
    <message>
        <source>learning rate (0: auto)</source>
        <translation>学习率（0：自动）</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>variance kept</source>
        <translation>保留方差</translation>
    </message>
    <message>
        <source>Drag: pan  Wheel: zoom  Shift+drag: select  Double-click: fit  Esc: show all</source>
        <translation>拖动：平移  滚轮：缩放  Shift+拖动：选择  双击：适应窗口  Esc：显示全部</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>t-SNE needs an embedding snapshot with its original vectors; start a run first.</source>
        <translation>t-SNE 需要带有原始向量的嵌入快照；请先开始一次运行。</translation>
    </message>
    <message>
        <source>edited prompts (hollow)</source>
        <translation>编辑后的提示（空心）</translation>
    </message>
</context>
<context>
    <name>promptune::ExportDialog</name>
    <message>
        <source>Export Prompt</source>
        <translation>导出提示</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Prompt file</source>
        <translation>提示文件</translation>
    </message>
    <message>
        <source>PEFT adapter folder</source>
        <translation>PEFT 适配器文件夹</translation>
    </message>
    <message>
        <source>Metrics (CSV)</source>
        <translation>指标 (CSV)</translation>
    </message>
    <message>
        <source>Report (PNG: curves and embedding)</source>
        <translation>报告（PNG：曲线与嵌入）</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>This prompt file cannot be used: %1</source>
        <translation>无法使用此提示文件：%1</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; · method %2 · backbone %3 · %n tensor(s), %4 KiB</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; · 方法 %2 · 骨干模型 %3 · %n 个张量，%4 KiB</numerusform>
        </translation>
    </message>
    <message>
        <source>metadata</source>
        <translation>元数据</translation>
    </message>
    <message>
        <source>tensors</source>
        <translation>张量</translation>
    </message>
    <message>
        <source>Only text prompt tuning, P-tuning and prefix tuning have a PEFT form</source>
        <translation>只有文本提示微调、P-tuning 和前缀微调有 PEFT 形式</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>Export To</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>no destination given</source>
        <translation>未指定目标位置</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>could not write the file</source>
        <translation>无法写入文件</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>已写入：%1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Nothing is ticked to export.</source>
        <translation>没有勾选任何导出项。</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>could not write the image</source>
        <translation>无法写入图像</translation>
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
        <source>Ctrl+Shift+M</source>
        <translation>Ctrl+Shift+M</translation>
    </message>
    <message>
        <source>Ctrl+Shift+B</source>
        <translation>Ctrl+Shift+B</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Ctrl+Shift+U</source>
        <translation>Ctrl+Shift+U</translation>
    </message>
    <message>
        <source>&amp;New Session...</source>
        <translation>新建会话(&amp;N)...</translation>
    </message>
    <message>
        <source>&amp;Save Session</source>
        <translation>保存会话(&amp;S)</translation>
    </message>
    <message>
        <source>Save Session &amp;As...</source>
        <translation>会话另存为(&amp;A)...</translation>
    </message>
    <message>
        <source>&amp;Export Prompt...</source>
        <translation>导出提示(&amp;E)...</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Open &amp;Prompt File...</source>
        <translation>打开提示文件(&amp;P)...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Ctrl+/</source>
        <translation>Ctrl+/</translation>
    </message>
    <message>
        <source>Export Prompt</source>
        <translation>导出提示</translation>
    </message>
    <message>
        <source>There is no tuned prompt yet: finish, pause or stop a run (or reopen one from the Runs panel) first.</source>
        <translation>还没有微调好的提示：请先完成、暂停或停止一次运行（或从运行面板重新打开一次运行）。</translation>
    </message>
    <message>
        <source>Open Prompt File</source>
        <translation>打开提示文件</translation>
    </message>
    <message>
        <source>Prompt files (*.prompt.safetensors);;All files (*)</source>
        <translation>提示文件 (*.prompt.safetensors);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Prompt File</source>
        <translation>提示文件</translation>
    </message>
    <message>
        <source>Reopen Run</source>
        <translation>重新打开运行</translation>
    </message>
    <message>
        <source>The curves of %1 cannot be read: %2</source>
        <translation>无法读取 %1 的曲线：%2</translation>
    </message>
    <message>
        <source>Reopened run %1 (%2)</source>
        <translation>已重新打开运行 %1（%2）</translation>
    </message>
    <message>
        <source>Run Again</source>
        <translation>再次运行</translation>
    </message>
    <message>
        <source>The run&apos;s settings are open as a new, unsaved session: edit them and press Start</source>
        <translation>该运行的设置已作为新的未保存会话打开：编辑后按“开始”</translation>
    </message>
    <message>
        <source>%1[*] - Promptune</source>
        <translation>%1[*] - Promptune</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Promptune sessions (*.promptune.json)</source>
        <translation>Promptune 会话 (*.promptune.json)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Unsaved Session</source>
        <translation>未保存的会话</translation>
    </message>
    <message>
        <source>The session &quot;%1&quot; has edits that are not saved.</source>
        <translation>会话“%1”有未保存的修改。</translation>
    </message>
    <message>
        <source>a session that was never saved</source>
        <translation>一个从未保存的会话</translation>
    </message>
    <message>
        <source>Restore Unsaved Edits</source>
        <translation>恢复未保存的修改</translation>
    </message>
    <message>
        <source>Promptune closed without saving edits to %1 (session &quot;%2&quot;). Restore them?</source>
        <translation>Promptune 关闭时未保存对 %1（会话“%2”）的修改。要恢复吗？</translation>
    </message>
    <message>
        <source>Restored the unsaved edits of %1</source>
        <translation>已恢复 %1 的未保存修改</translation>
    </message>
    <message>
        <source>Quit Promptune</source>
        <translation>退出 Promptune</translation>
    </message>
    <message>
        <source>A run is training. Quit anyway? It stops with a checkpoint and can be resumed from its run folder.</source>
        <translation>有运行正在训练。仍要退出吗？它会写入检查点后停止，之后可从其运行文件夹恢复。</translation>
    </message>
</context>
<context>
    <name>promptune::MethodPanel</name>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Initialisation, batch order and augmentation; the same seed repeats a run</source>
        <translation>初始化、批次顺序和数据增强；相同的种子会重复同一次运行</translation>
    </message>
    <message>
        <source>&amp;Epochs</source>
        <translation>轮数(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Batch size</source>
        <translation>批大小(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation>学习率(&amp;L)</translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation>种子(&amp;E)</translation>
    </message>
    <message>
        <source>A run is active or paused: settings are read-only. Stop it to edit; edits apply to the next run.</source>
        <translation>有运行正在进行或已暂停：设置为只读。请停止后再编辑；修改将用于下一次运行。</translation>
    </message>
    <message>
        <source>This method has no options.</source>
        <translation>此方法没有选项。</translation>
    </message>
    <message>
        <source>Default: %1</source>
        <translation>默认值：%1</translation>
    </message>
    <message>
        <source>Allowed: %1</source>
        <translation>允许值：%1</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>未应用：%1</translation>
    </message>
</context>
<context>
    <name>promptune::NewSessionDialog</name>
    <message>
        <source>New Session</source>
        <translation>新建会话</translation>
    </message>
    <message>
        <source>The data is unlabeled target data (POUF adapts to it)</source>
        <translation>数据为无标签的目标数据（POUF 会适应它）</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Backbone folder</source>
        <translation>骨干模型文件夹(&amp;B)</translation>
    </message>
    <message>
        <source>Backbone Folder</source>
        <translation>骨干模型文件夹</translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation>数据(&amp;D)</translation>
    </message>
    <message>
        <source>Dataset Folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <source>Session &amp;file</source>
        <translation>会话文件(&amp;F)</translation>
    </message>
    <message>
        <source>Session File</source>
        <translation>会话文件</translation>
    </message>
    <message>
        <source>Promptune sessions (*.promptune.json)</source>
        <translation>Promptune 会话 (*.promptune.json)</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>创建(&amp;C)</translation>
    </message>
    <message>
        <source>Choose a backbone folder.</source>
        <translation>请选择骨干模型文件夹。</translation>
    </message>
    <message>
        <source>Choose the data.</source>
        <translation>请选择数据。</translation>
    </message>
</context>
<context>
    <name>promptune::PromptEditorPanel</name>
    <message>
        <source>Prompts</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>A shipped template set (openai/CLIP&apos;s, verbatim) or your own list below</source>
        <translation>内置模板集（原样取自 openai/CLIP）或下方你自己的列表</translation>
    </message>
    <message>
        <source>The class name the preview fills in</source>
        <translation>预览中填入的类别名</translation>
    </message>
    <message>
        <source>Template &amp;set</source>
        <translation>模板集(&amp;S)</translation>
    </message>
    <message>
        <source>Preview &amp;class</source>
        <translation>预览类别(&amp;C)</translation>
    </message>
    <message>
        <source>One template per line, with {class} where the class name goes</source>
        <translation>每行一个模板，用 {class} 表示类别名的位置</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>How an example becomes a prompt: {sentence} (or the LM-BFF mini-language) and one [MASK] where the label word goes</source>
        <translation>样本如何变成提示：{sentence}（或 LM-BFF 模板语法）以及放置标签词的一个 [MASK]</translation>
    </message>
    <message>
        <source>LM &amp;template</source>
        <translation>LM 模板(&amp;T)</translation>
    </message>
    <message>
        <source>Applied edits are used by the next run; a run in progress keeps the prompts it started with.</source>
        <translation>应用的修改将用于下一次运行；正在进行的运行保留其开始时的提示。</translation>
    </message>
    <message>
        <source>&amp;Apply to Session</source>
        <translation>应用到会话(&amp;A)</translation>
    </message>
    <message>
        <source>No tokenizer for the preview: %1</source>
        <translation>没有可用于预览的分词器：%1</translation>
    </message>
    <message>
        <source>The LM template needs a [MASK] where the label word goes.</source>
        <translation>LM 模板需要在放置标签词的位置有一个 [MASK]。</translation>
    </message>
    <message>
        <source>Give at least one template.</source>
        <translation>请至少给出一个模板。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no {class} placeholder.</source>
        <translation>“%1”没有 {class} 占位符。</translation>
    </message>
    <message>
        <source>%1 of %2 tokens (with start and end)</source>
        <translation>%1 / %2 个词元（含开始和结束标记）</translation>
    </message>
    <message>
        <source>The current template is %1 tokens long; CLIP reads 77 and cuts the rest.</source>
        <translation>当前模板长 %1 个词元；CLIP 只读取 77 个，其余会被截断。</translation>
    </message>
    <message>
        <source>There is no session.</source>
        <translation>没有会话。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>未应用：%1</translation>
    </message>
    <message>
        <source>&amp;Zero-Shot Accuracy</source>
        <translation>零样本准确率(&amp;Z)</translation>
    </message>
    <message>
        <source>Zero-shot accuracy of these templates on the session&apos;s target images (else validation, else training), on a worker; usable while a run trains</source>
        <translation>这些模板在会话的目标图像（否则验证图像，否则训练图像）上的零样本准确率，在后台线程中计算；训练进行时也可使用</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>实时(&amp;L)</translation>
    </message>
    <message>
        <source>Recompute after each edit (half a second after typing stops)</source>
        <translation>每次编辑后重新计算（停止输入半秒后）</translation>
    </message>
    <message>
        <source>Show &amp;Nearest Words of the Learned Context</source>
        <translation>显示学到的上下文的最近词(&amp;N)</translation>
    </message>
    <message>
        <source>Loading the backbone to find the nearest words...</source>
        <translation>正在加载骨干模型以查找最近词...</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Fix the templates first.</source>
        <translation>请先修正模板。</translation>
    </message>
    <message>
        <source>Computing zero-shot accuracy on the %1 images...</source>
        <translation>正在计算%1图像上的零样本准确率...</translation>
    </message>
    <message numerus="yes">
        <source>Zero-shot on the %1 images: %2 % top-1 over %3 images with %n template(s).</source>
        <translation>
            <numerusform>%1图像上的零样本准确率：%2 % top-1（%3 张图像，%n 个模板）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Zero-shot accuracy not computed: %1</source>
        <translation>未能计算零样本准确率：%1</translation>
    </message>
    <message>
        <source>Class names</source>
        <translation>类别名</translation>
    </message>
    <message>
        <source>One class per line as id, tab, name: the name is what prompts say for that class (the id is the folder or label of the data)</source>
        <translation>每行一个类别，格式为 id、制表符、名称：名称是提示中对该类别的称呼（id 是数据中的文件夹名或标签）</translation>
    </message>
    <message>
        <source>Class names in prompts:</source>
        <translation>提示中的类别名：</translation>
    </message>
    <message>
        <source>Class names: &quot;%1&quot; is not &quot;id&lt;TAB&gt;name&quot;.</source>
        <translation>类别名：“%1”不是“id&lt;TAB&gt;名称”格式。</translation>
    </message>
    <message>
        <source>Nothing learned yet: the first checkpoint (end of the first epoch) or a stopped, paused or finished run has context vectors to show.</source>
        <translation>尚未学到任何内容：第一个检查点（第一轮结束时）或已停止、暂停或完成的运行才有可显示的上下文向量。</translation>
    </message>
    <message>
        <source>Cannot show the learned context: %1</source>
        <translation>无法显示学到的上下文：%1</translation>
    </message>
    <message>
        <source>Each learned context vector&apos;s nearest vocabulary words: from the newest checkpoint while a run trains, from the prompt file after it (loads the backbone)</source>
        <translation>每个学到的上下文向量在词表中的最近词：训练中取自最新检查点，训练后取自提示文件（会加载骨干模型）</translation>
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
    <message>
        <source>auto: the first CUDA device when there is one, else the CPU (this machine has no CUDA device)</source>
        <translation>auto：有 CUDA 设备时使用第一个，否则使用 CPU（本机没有 CUDA 设备）</translation>
    </message>
    <message>
        <source>auto: the first CUDA device when there is one, else the CPU</source>
        <translation>auto：有 CUDA 设备时使用第一个，否则使用 CPU</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>设备(&amp;D)：</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>未应用：%1</translation>
    </message>
</context>
<context>
    <name>promptune::RunsPanel</name>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Best accuracy</source>
        <translation>最佳准确率</translation>
    </message>
    <message>
        <source>NMI</source>
        <translation>NMI</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Show this run&apos;s curves and settings; a paused or cut-off run can then be resumed</source>
        <translation>显示该运行的曲线和设置；已暂停或被中断的运行随后可以恢复</translation>
    </message>
    <message>
        <source>Run Again...</source>
        <translation>再次运行...</translation>
    </message>
    <message>
        <source>Open this run&apos;s settings as a new session, to edit and start</source>
        <translation>将该运行的设置作为新会话打开，以便编辑并开始</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected run folders, checkpoints and prompt files included (Del)</source>
        <translation>删除所选运行文件夹，包括检查点和提示文件 (Del)</translation>
    </message>
    <message>
        <source>Notes not saved: %1</source>
        <translation>备注未保存：%1</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Delete Runs</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>The run that is training cannot be deleted; stop it first.</source>
        <translation>正在训练的运行不能删除；请先停止它。</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run folder(s) with their checkpoints, metrics and prompt files? This cannot be undone.</source>
        <translation>
            <numerusform>删除 %n 个运行文件夹及其检查点、指标和提示文件？此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted %1</source>
        <translation>已删除 %1</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>叠加</translation>
    </message>
    <message>
        <source>Draw the selected runs&apos; curves over the current run&apos;s</source>
        <translation>将所选运行的曲线叠加在当前运行的曲线上</translation>
    </message>
    <message>
        <source>Pin as Baseline</source>
        <translation>固定为基线</translation>
    </message>
    <message>
        <source>Keep this run&apos;s curves in the plot, dashed, as the run to beat</source>
        <translation>将该运行的曲线以虚线保留在图中，作为要超越的基线</translation>
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
    <message>
        <source>A session is running; stop it before reopening a run.</source>
        <translation>有会话正在运行；请先停止再重新打开运行。</translation>
    </message>
    <message>
        <source>The session cannot be edited while a run is active or paused.</source>
        <translation>运行进行中或已暂停时不能编辑会话。</translation>
    </message>
    <message>
        <source>There is no session to save.</source>
        <translation>没有可保存的会话。</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
</context>
<context>
    <name>promptune::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Embedding view: pan</source>
        <translation>嵌入视图：平移</translation>
    </message>
    <message>
        <source>Drag</source>
        <translation>拖动</translation>
    </message>
    <message>
        <source>Embedding view: zoom at the mouse</source>
        <translation>嵌入视图：以鼠标为中心缩放</translation>
    </message>
    <message>
        <source>Wheel</source>
        <translation>滚轮</translation>
    </message>
    <message>
        <source>Embedding view: select points</source>
        <translation>嵌入视图：选择点</translation>
    </message>
    <message>
        <source>Shift+Drag (Ctrl adds)</source>
        <translation>Shift+拖动（Ctrl 追加）</translation>
    </message>
    <message>
        <source>Embedding view: fit all points</source>
        <translation>嵌入视图：显示所有点</translation>
    </message>
    <message>
        <source>Double-click or F</source>
        <translation>双击或 F</translation>
    </message>
    <message>
        <source>Embedding view: clear selection, show all</source>
        <translation>嵌入视图：清除选择，显示全部</translation>
    </message>
    <message>
        <source>Esc, right-click clears the selection</source>
        <translation>Esc；右键单击清除选择</translation>
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
