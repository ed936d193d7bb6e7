<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>关于整改台账</source>
        <translation>About Rectification Desk</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>数据文件夹</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>运行环境</source>
        <translation>Runs on</translation>
    </message>
    <message>
        <source>Python %1，Qt %2（PySide6 %3），SQLite %4，%5</source>
        <translation>Python %1, Qt %2 (PySide6 %3), SQLite %4, %5</translation>
    </message>
    <message>
        <source>，安装版</source>
        <translation>, installed build</translation>
    </message>
    <message>
        <source>许可证</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>本程序以 GNU GPL 3.0 或更新版本发布。</source>
        <translation>This program is released under the GNU GPL 3.0 or later.</translation>
    </message>
    <message>
        <source>Qt 6 与 Qt for Python（PySide6）按 GNU LGPL 3.0 使用，作为可替换的动态库随程序分发；源代码见 https://download.qt.io/ 。</source>
        <translation>Qt 6 and Qt for Python (PySide6) are used under the GNU LGPL 3.0, shipped as replaceable shared libraries; source code at https://download.qt.io/ .</translation>
    </message>
    <message>
        <source>字体</source>
        <translation>Font</translation>
    </message>
    <message>
        <source>文泉驿微米黑（WenQuanYi Micro Hei）按 Apache License 2.0 使用，许可证全文：%1</source>
        <translation>WenQuanYi Micro Hei is used under the Apache License 2.0; full text: %1</translation>
    </message>
    <message>
        <source>整改台账</source>
        <translation>Rectification Desk</translation>
    </message>
    <message>
        <source>库</source>
        <translation>Library</translation>
    </message>
    <message>
        <source>程序使用的库及其许可证：</source>
        <translation>Libraries the program uses, and their licences:</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>正在建立演示台账…</source>
        <translation>Building the demonstration ledger…</translation>
    </message>
    <message>
        <source>正在自动备份…</source>
        <translation>Automatic backup…</translation>
    </message>
    <message>
        <source>整改台账</source>
        <translation>Rectification Desk</translation>
    </message>
</context>
<context>
    <name>CandidatesModel</name>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>情况</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>CatalogueDialog</name>
    <message>
        <source>新增任务</source>
        <translation>New task</translation>
    </message>
    <message>
        <source>编辑第 %1 号任务</source>
        <translation>Edit task %1</translation>
    </message>
    <message>
        <source>每行一项措施</source>
        <translation>One measure per line</translation>
    </message>
    <message>
        <source>2027-06-30 或 2027年6月底前</source>
        <translation>2027-06-30 or 2027年6月底前</translation>
    </message>
    <message>
        <source>长期坚持</source>
        <translation>Ongoing</translation>
    </message>
    <message>
        <source>所有报送单位</source>
        <translation>All reporting units</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>督察反馈问题</source>
        <translation>Problem as fed back</translation>
    </message>
    <message>
        <source>整改目标</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>整改措施</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>牵头单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <source>责任单位</source>
        <translation>Responsible units</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Lead official</translation>
    </message>
    <message>
        <source>整改时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>适用单位</source>
        <translation>Applies to</translation>
    </message>
</context>
<context>
    <name>CatalogueView</name>
    <message>
        <source>新增任务…</source>
        <translation>New task…</translation>
    </message>
    <message>
        <source>编辑…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>导入任务清单…</source>
        <translation>Import task list…</translation>
    </message>
    <message>
        <source>督察轮次</source>
        <translation>Round</translation>
    </message>
    <message>
        <source>%1 项任务。双击或按回车编辑一项任务；新增或导入前先在“文件 → 督察轮次、所辖单位与指标…”中登记督察轮次与单位。</source>
        <translation>%1 tasks. Double-click or press Enter to edit a task; before adding or importing, add the rounds and units under File → Rounds, units and indicators….</translation>
    </message>
    <message>
        <source>这项任务已不再适用于任何单位。</source>
        <translation>This task no longer applies to any unit.</translation>
    </message>
    <message>
        <source>新增第 %1 号任务</source>
        <translation>Add task %1</translation>
    </message>
    <message>
        <source>编辑第 %1 号任务</source>
        <translation>Edit task %1</translation>
    </message>
    <message>
        <source>选择任务清单工作簿</source>
        <translation>Choose the task-list workbook</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>新增 %1，修改 %2，不变 %3，拒绝 %4。</source>
        <translation>new %1, changed %2, unchanged %3, refused %4. </translation>
    </message>
    <message>
        <source>确认导入？</source>
        <translation>Import?</translation>
    </message>
</context>
<context>
    <name>CloseoutTab</name>
    <message>
        <source>销号程序</source>
        <translation>Close-out procedure</translation>
    </message>
    <message>
        <source>销号条件</source>
        <translation>Close-out conditions</translation>
    </message>
    <message>
        <source>验收</source>
        <translation>Acceptance</translation>
    </message>
    <message>
        <source>验收组或验收人</source>
        <translation>Inspection team or inspector</translation>
    </message>
    <message>
        <source>验收通过</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>记录验收</source>
        <translation>Record acceptance</translation>
    </message>
    <message>
        <source>验收日期</source>
        <translation>Date of check</translation>
    </message>
    <message>
        <source>验收人</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>验收意见</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <source>申请销号</source>
        <translation>Request close-out</translation>
    </message>
    <message>
        <source>回头看</source>
        <translation>Revisit</translation>
    </message>
    <message>
        <source>发现问题反弹（重新启动整改）</source>
        <translation>Problem has come back (restart rectification)</translation>
    </message>
    <message>
        <source>记录回头看</source>
        <translation>Record revisit</translation>
    </message>
    <message>
        <source>计划日期</source>
        <translation>Planned date</translation>
    </message>
    <message>
        <source>核查人</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>核查结果</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>当前状态：%1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>销号条件均已满足</source>
        <translation>All close-out conditions are met</translation>
    </message>
    <message>
        <source>当前状态为“%1”，不能再申请销号。</source>
        <translation>The status is “%1”: close-out cannot be requested again.</translation>
    </message>
    <message>
        <source>通过</source>
        <translation>passed</translation>
    </message>
    <message>
        <source>未通过</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>尚无验收记录</source>
        <translation>No acceptance check yet</translation>
    </message>
    <message>
        <source>%1 申请销号</source>
        <translation>%1 close-out requested</translation>
    </message>
    <message>
        <source>批准，销号编号 %1</source>
        <translation>approved, close-out number %1</translation>
    </message>
    <message>
        <source>退回：%1</source>
        <translation>returned: %1</translation>
    </message>
    <message>
        <source>请填写验收日期。</source>
        <translation>Enter the date of the check.</translation>
    </message>
    <message>
        <source>请填写核查人。</source>
        <translation>Enter the inspector.</translation>
    </message>
    <message>
        <source>记录反弹后，该任务将重新启动整改（原销号记录保留）。确定吗？</source>
        <translation>Recording that the problem has come back restarts rectification of this task (the close-out record is kept). Continue?</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>审核日期</source>
        <translation>Decided on</translation>
    </message>
    <message>
        <source>审核意见</source>
        <translation>Decision note</translation>
    </message>
    <message>
        <source>问题描述</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>整改措施</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>责任人/单位</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>计划完成日期</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>完成日期</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>责任单位</source>
        <translation>Responsible units</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>职责</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <source>计量单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>基准值</source>
        <translation>Baseline</translation>
    </message>
    <message>
        <source>目标值</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>实际值</source>
        <translation>Achieved</translation>
    </message>
    <message>
        <source>越高越好</source>
        <translation>Higher is better</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>完成比例</source>
        <translation>Percent</translation>
    </message>
    <message>
        <source>进展情况</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>存在困难</source>
        <translation>Difficulties</translation>
    </message>
    <message>
        <source>下步打算</source>
        <translation>Next steps</translation>
    </message>
    <message>
        <source>本月无变化</source>
        <translation>No change</translation>
    </message>
    <message>
        <source>申请日期</source>
        <translation>Requested</translation>
    </message>
    <message>
        <source>原时限</source>
        <translation>Old deadline</translation>
    </message>
    <message>
        <source>延期至</source>
        <translation>New deadline</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>审批</source>
        <translation>Approver</translation>
    </message>
    <message>
        <source>已批准</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>回头看日期</source>
        <translation>Revisit date</translation>
    </message>
    <message>
        <source>核查人</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>核查结果</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>反弹</source>
        <translation>Rebound</translation>
    </message>
</context>
<context>
    <name>CompletenessView</name>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>（{0}天）</source>
        <translation> ({0} d)</translation>
    </message>
    <message>
        <source>截止 {0}</source>
        <translation>Due {0}</translation>
    </message>
    <message>
        <source>报送完整性</source>
        <translation>Reporting completeness</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>按状态</source>
        <translation>By status</translation>
    </message>
    <message>
        <source>按预警</source>
        <translation>By warning light</translation>
    </message>
    <message>
        <source>各牵头单位平均完成比例</source>
        <translation>Mean percent complete by lead unit</translation>
    </message>
    <message>
        <source>未来90天到期任务（按周）</source>
        <translation>Deadlines in the next 90 days (by week)</translation>
    </message>
    <message>
        <source>指标：最新值与目标（竖线为目标）</source>
        <translation>Indicators: latest value against target (line = target)</translation>
    </message>
    <message>
        <source>任务总数：%1</source>
        <translation>Tasks: %1</translation>
    </message>
    <message>
        <source>各县（市、区）平均完成比例</source>
        <translation>Mean completion by county</translation>
    </message>
    <message>
        <source>%1%（%2 项）</source>
        <translation>%1% (%2 tasks)</translation>
    </message>
    <message>
        <source>%1 / 目标 %2 %3</source>
        <translation>%1 / target %2 %3</translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message>
        <source>文档(&amp;D)</source>
        <translation>&amp;Documents</translation>
    </message>
    <message>
        <source>月报 PDF…</source>
        <translation>Monthly report PDF…</translation>
    </message>
    <message>
        <source>台账 Excel…</source>
        <translation>Ledger Excel…</translation>
    </message>
    <message>
        <source>导入台账 Excel…</source>
        <translation>Import ledger Excel…</translation>
    </message>
    <message>
        <source>公示 PDF…</source>
        <translation>Public notice PDF…</translation>
    </message>
    <message>
        <source>公示 Excel…</source>
        <translation>Public notice Excel…</translation>
    </message>
    <message>
        <source>销号证明（选中任务）…</source>
        <translation>Close-out certificate (selected task)…</translation>
    </message>
    <message>
        <source>月报 PDF</source>
        <translation>Monthly report PDF</translation>
    </message>
    <message>
        <source>月份：</source>
        <translation>Month:</translation>
    </message>
    <message>
        <source>正在生成月报…</source>
        <translation>Generating the monthly report…</translation>
    </message>
    <message>
        <source>正在生成公示…</source>
        <translation>Generating the public notice…</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>已导出：</source>
        <translation>Exported: </translation>
    </message>
    <message>
        <source>台账 Excel</source>
        <translation>Ledger Excel</translation>
    </message>
    <message>
        <source>公示 Excel</source>
        <translation>Public notice Excel</translation>
    </message>
    <message>
        <source>导入台账 Excel</source>
        <translation>Import ledger Excel</translation>
    </message>
    <message>
        <source>正在检查工作簿…</source>
        <translation>Checking the workbook…</translation>
    </message>
    <message>
        <source>请先在台账中选中一项任务。</source>
        <translation>Select a task in the ledger first.</translation>
    </message>
    <message>
        <source>正在生成销号证明预览…</source>
        <translation>Generating the close-out certificate preview…</translation>
    </message>
    <message>
        <source>销号证明（预览稿）</source>
        <translation>Close-out certificate (draft)</translation>
    </message>
    <message>
        <source>出具…</source>
        <translation>Issue…</translation>
    </message>
    <message>
        <source>出具销号证明</source>
        <translation>Issue close-out certificate</translation>
    </message>
    <message>
        <source>重新打印：</source>
        <translation>Reprinted: </translation>
    </message>
    <message>
        <source>已出具：</source>
        <translation>Issued: </translation>
    </message>
    <message>
        <source>已保存：</source>
        <translation>Saved: </translation>
    </message>
</context>
<context>
    <name>EvidenceTab</name>
    <message>
        <source>添加文件…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <source>用系统程序打开</source>
        <translation>Open with system viewer</translation>
    </message>
    <message>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>可把文件直接拖到这里。关联到效果的材料计入销号条件。</source>
        <translation>You can drop files here. Evidence linked to an effect counts towards close-out.</translation>
    </message>
    <message>
        <source>关联效果：</source>
        <translation>Linked effect:</translation>
    </message>
    <message>
        <source>选择一份材料以预览</source>
        <translation>Select a file to preview it</translation>
    </message>
    <message>
        <source>（不关联）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>选择佐证材料</source>
        <translation>Choose evidence files</translation>
    </message>
    <message>
        <source>图片和文档 (*.png *.jpg *.jpeg *.pdf *.doc *.docx *.xls *.xlsx);;所有文件 (*)</source>
        <translation>Pictures and documents (*.png *.jpg *.jpeg *.pdf *.doc *.docx *.xls *.xlsx);;All files (*)</translation>
    </message>
    <message>
        <source>添加佐证材料：%1</source>
        <translation>Add evidence: %1</translation>
    </message>
    <message>
        <source>这种文件不能在程序内预览，请用系统程序打开。</source>
        <translation>This kind of file cannot be previewed here; open it with the system viewer.</translation>
    </message>
    <message>
        <source>“%1”不是能识别的文档或图片，为安全起见不能直接打开。要把它另存为文件吗？</source>
        <translation>“%1” is not a recognised document or picture, so for safety it cannot be opened directly. Save it as a file?</translation>
    </message>
    <message>
        <source>没有找到能打开这种文件的程序。</source>
        <translation>No program was found to open this kind of file.</translation>
    </message>
    <message>
        <source>请先选中一份材料。</source>
        <translation>Select a file first.</translation>
    </message>
    <message>
        <source>另存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <source>删除佐证材料：%1</source>
        <translation>Delete evidence: %1</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>导出报送包</source>
        <translation>Export packet</translation>
    </message>
    <message>
        <source>下发给</source>
        <translation>Send to</translation>
    </message>
    <message>
        <source>报送月份</source>
        <translation>Reporting month</translation>
    </message>
    <message>
        <source>本月整体无变化（声明，与“月报”页的声明相同）</source>
        <translation>No change this month (declaration; the same as on the Monthly report tab)</translation>
    </message>
    <message>
        <source>签名密钥的口令</source>
        <translation>Passphrase of the signing key</translation>
    </message>
    <message>
        <source>签名密钥已解锁（本次使用期间有效，闲置 15 分钟后自动锁定）</source>
        <translation>Signing key unlocked (for this session; locks after 15 idle minutes)</translation>
    </message>
    <message>
        <source>口令</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>保存到</source>
        <translation>Save to</translation>
    </message>
    <message>
        <source>所选任务本月无变化</source>
        <translation>No change for selected tasks</translation>
    </message>
    <message>
        <source>为所选（未选时为全部）未填进展的任务登记“本月无变化”</source>
        <translation>Record “no change this month” for the selected tasks without progress (all of them when none is selected)</translation>
    </message>
    <message>
        <source>双击一项打开该任务去补填；仍然导出时，这份清单随报送包报给市级。</source>
        <translation>Double-click an item to open its task and fix it; if you export anyway, this list goes to the city with the packet.</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>报送前检查：市级将看到以下 %1 项未完成（%2）。</source>
        <translation>Before sending: the city will see these %1 open items (%2).</translation>
    </message>
    <message>
        <source>仍然导出</source>
        <translation>Export anyway</translation>
    </message>
    <message>
        <source>报送前检查：没有发现缺项。</source>
        <translation>Before sending: nothing is missing.</translation>
    </message>
    <message>
        <source>%1 月度声明</source>
        <translation>%1 monthly declaration</translation>
    </message>
    <message>
        <source>%1 项任务本月无变化</source>
        <translation>No change this month for %1 tasks</translation>
    </message>
    <message>
        <source>选择保存报送包的文件夹</source>
        <translation>Choose the folder for the packet</translation>
    </message>
    <message>
        <source>请输入签名密钥的口令。</source>
        <translation>Enter the passphrase of the signing key.</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>正在导出报送包…</source>
        <translation>Exporting the packet…</translation>
    </message>
    <message>
        <source>已导出第 {0} 号报送包：
{1}</source>
        <translation>Exported packet no. {0}:
{1}</translation>
    </message>
    <message>
        <source>未完成事项 %1 项已随报送包报给市级。</source>
        <translation>%1 open items were sent to the city with the packet.</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>加入市级台账：打开市级的第一个下发包</source>
        <translation>Join the city's ledger: open the city's first packet</translation>
    </message>
    <message>
        <source>（未选择）</source>
        <translation>(none chosen)</translation>
    </message>
    <message>
        <source>选择下发包…</source>
        <translation>Choose packet…</translation>
    </message>
    <message>
        <source>市级整改办电话告知的密钥指纹</source>
        <translation>the key fingerprint the city office read out by phone</translation>
    </message>
    <message>
        <source>下发包</source>
        <translation>City packet</translation>
    </message>
    <message>
        <source>密钥指纹</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <source>选择市级下发包</source>
        <translation>Choose the city's packet</translation>
    </message>
    <message>
        <source>报送包 (*.rdpkt)</source>
        <translation>Packets (*.rdpkt)</translation>
    </message>
    <message>
        <source>{city} 发给 {county}（{code}）</source>
        <translation>{city} to {county} ({code})</translation>
    </message>
    <message>
        <source>整改台账 — 首次使用</source>
        <translation>Rectification Desk — first start</translation>
    </message>
    <message>
        <source>这个数据文件夹里还没有台账。请选择本台账的单位，或先打开演示台账熟悉程序。</source>
        <translation>There is no ledger in this data folder yet. Choose this desk's unit, or open the demonstration ledger to get to know the program.</translation>
    </message>
    <message>
        <source>建立本单位的台账</source>
        <translation>Create this unit's ledger</translation>
    </message>
    <message>
        <source>打开演示台账（保定市示例数据）</source>
        <translation>Open the demonstration ledger (Baoding sample data)</translation>
    </message>
    <message>
        <source>县级整改办（县、市、区、开发区）</source>
        <translation>County desk (county, district, zone)</translation>
    </message>
    <message>
        <source>市级整改办</source>
        <translation>City office</translation>
    </message>
    <message>
        <source>更改…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>数据文件夹</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>选择数据文件夹</source>
        <translation>Choose the data folder</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>Added</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>事件</source>
        <translation>Event</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>发送单位</source>
        <translation>Sender</translation>
    </message>
    <message>
        <source>接收单位</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>警告</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>已发出</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>已接收</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>已接收（有警告）</source>
        <translation>Received (with warnings)</translation>
    </message>
    <message>
        <source>已被取代</source>
        <translation>Superseded</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>报送包记录</source>
        <translation>Packet history</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>导入报送包</source>
        <translation>Import packets</translation>
    </message>
    <message>
        <source>选择报送包文件或所在文件夹，也可以把文件拖到这里。先预览核验结果与数据差异，确认后再导入。</source>
        <translation>Choose packet files or their folder, or drop the files here. Review the verification results and data changes in the preview, then confirm the import.</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose files…</translation>
    </message>
    <message>
        <source>选择文件夹…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>首次接收市级下发包时：电话核对过的市级密钥指纹</source>
        <translation>First packet from the city: the city key's fingerprint, checked by phone</translation>
    </message>
    <message>
        <source>报送包 / 检查项</source>
        <translation>Packet / check</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>确认导入</source>
        <translation>Confirm import</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restored</translation>
    </message>
    <message>
        <source>选择报送包</source>
        <translation>Choose packets</translation>
    </message>
    <message>
        <source>报送包 (*{0} *.zip)</source>
        <translation>Packets (*{0} *.zip)</translation>
    </message>
    <message>
        <source>选择报送包所在的文件夹</source>
        <translation>Choose the folder with the packets</translation>
    </message>
    <message>
        <source>没有找到报送包。</source>
        <translation>No packets found.</translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>正在核验…</source>
        <translation>Verifying…</translation>
    </message>
    <message>
        <source>数据：</source>
        <translation>Data: </translation>
    </message>
    <message>
        <source>新增 {n}，修改 {c}，未变 {u}，删除 {d}，拒绝 {r}</source>
        <translation>{n} new, {c} changed, {u} unchanged, {d} deleted, {r} refused</translation>
    </message>
    <message>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>报送时未完成事项</source>
        <translation>Open items when sent</translation>
    </message>
    <message>
        <source>{0} 项（县级报送前已列出）</source>
        <translation>{0} items (listed by the county before sending)</translation>
    </message>
    <message>
        <source>已导入。</source>
        <translation>Imported.</translation>
    </message>
    <message>
        <source>有 {0} 个报送包被拒绝。请移出后再导入其余报送包。</source>
        <translation>{0} packet(s) rejected. Remove them, then import the others.</translation>
    </message>
    <message>
        <source>以上为预览，尚未写入。确认无误后点“确认导入”。</source>
        <translation>This is a preview; nothing has been saved yet. If it is correct, click "Confirm import".</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>未变</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>提示</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>导入台账 Excel：</source>
        <translation>Import ledger Excel: </translation>
    </message>
    <message>
        <source>以下是导入前的检查，台账尚未改动。只列出新增、修改和被拒绝的行；有被拒绝的行时不能导入，请在 Excel 中改正后重新选择文件。</source>
        <translation>This is the check before importing; the ledger has not been changed. Only new, changed and rejected rows are listed. While any row is rejected nothing can be imported: correct it in Excel, then choose the file again.</translation>
    </message>
    <message>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>保存检查报告…</source>
        <translation>Save check report…</translation>
    </message>
    <message>
        <source>确认导入</source>
        <translation>Confirm import</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>{0}：{1} 行</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>已导入。</source>
        <translation>Imported.</translation>
    </message>
    <message>
        <source>有被拒绝的行，不能导入。请按“内容”一栏的说明在 Excel 中改正，保存后重新选择文件。</source>
        <translation>Some rows are rejected, so nothing can be imported. Correct them in Excel as the Details column says, save, and choose the file again.</translation>
    </message>
    <message>
        <source>工作簿与台账一致，没有需要导入的内容。</source>
        <translation>The workbook matches the ledger; there is nothing to import.</translation>
    </message>
    <message>
        <source>以上为检查结果，尚未写入。确认无误后点“确认导入”（全部导入或全部不导入）。</source>
        <translation>This is the result of the check; nothing has been written yet. If it is right, click “Confirm import” (all of it is imported, or none of it).</translation>
    </message>
    <message>
        <source>-导入检查</source>
        <translation>-import check</translation>
    </message>
    <message>
        <source>保存检查报告</source>
        <translation>Save check report</translation>
    </message>
    <message>
        <source>已保存：</source>
        <translation>Saved: </translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>已导入：新增 {n} 行，修改 {c} 行。</source>
        <translation>Imported: {n} new rows, {c} changed rows.</translation>
    </message>
    <message>
        <source>……另有 {0} 处，见表格或检查报告。</source>
        <translation>…and {0} more; see the table or the check report.</translation>
    </message>
</context>
<context>
    <name>IndicatorView</name>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>双击“本单位数值”填写；月度数值与上年同月比较，年累计与年度目标比较。</source>
        <translation>Double-click “Our value” to enter it; a month is compared with the same month last year, the year to date with the annual target.</translation>
    </message>
    <message>
        <source>好于</source>
        <translation>better</translation>
    </message>
    <message>
        <source>差于</source>
        <translation>worse</translation>
    </message>
    <message>
        <source>达标</source>
        <translation>on target</translation>
    </message>
    <message>
        <source>未达标</source>
        <translation>off target</translation>
    </message>
    <message>
        <source>请填写数字。</source>
        <translation>Enter a number.</translation>
    </message>
</context>
<context>
    <name>IndicatorsPage</name>
    <message>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>计量单位</source>
        <translation>Unit of measure</translation>
    </message>
    <message>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>年度目标</source>
        <translation>Annual target</translation>
    </message>
    <message>
        <source>较上年</source>
        <translation>On last year</translation>
    </message>
    <message>
        <source>市级数值</source>
        <translation>City figure</translation>
    </message>
    <message>
        <source>报送单位</source>
        <translation>Reporting units</translation>
    </message>
    <message>
        <source>新增指标…</source>
        <translation>New indicator…</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <source>市级监测</source>
        <translation>measured by the city</translation>
    </message>
    <message>
        <source>各单位合计</source>
        <translation>sum of the units</translation>
    </message>
    <message>
        <source>两项合计之比</source>
        <translation>ratio of two sums</translation>
    </message>
    <message>
        <source>越高越好</source>
        <translation>higher is better</translation>
    </message>
    <message>
        <source>越低越好</source>
        <translation>lower is better</translation>
    </message>
    <message>
        <source>请先选中一项指标。</source>
        <translation>Select an indicator first.</translation>
    </message>
    <message>
        <source>修改指标：%1</source>
        <translation>Change indicator: %1</translation>
    </message>
    <message>
        <source>新增指标</source>
        <translation>New indicator</translation>
    </message>
    <message>
        <source>代码 *</source>
        <translation>Code *</translation>
    </message>
    <message>
        <source>名称 *</source>
        <translation>Name *</translation>
    </message>
    <message>
        <source>空气质量优良天数</source>
        <translation>Days of good air quality</translation>
    </message>
    <message>
        <source>天</source>
        <translation>days</translation>
    </message>
    <message>
        <source>较上年（%）</source>
        <translation>On last year (%)</translation>
    </message>
    <message>
        <source>比值的分子、分母指标</source>
        <translation>Ratio: numerator, denominator indicators</translation>
    </message>
    <message>
        <source>已保存指标：%1 %2</source>
        <translation>Indicator saved: %1 %2</translation>
    </message>
</context>
<context>
    <name>KeyCreateDialog</name>
    <message>
        <source>创建签名密钥</source>
        <translation>Create signing key</translation>
    </message>
    <message>
        <source>报送包和月报 PDF 用本台账的签名密钥签名，市级据此确认来源、发现改动。请设一个至少 8 个字符的口令，并妥善保管：每次导出报送包都要输入它，忘记后只能新建密钥并请对方重新登记。</source>
        <translation>Packets and monthly report PDFs are signed with this desk's signing key, so the city can confirm where they came from and detect any changes. Choose a passphrase of at least 8 characters and keep it safe: you enter it for every packet export, and if you forget it you must create a new key and ask the other side to enrol it again.</translation>
    </message>
    <message>
        <source>口令</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>再输一遍</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>创建</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>两次输入的口令不一致。</source>
        <translation>The passphrases do not match.</translation>
    </message>
    <message>
        <source>密钥已创建。请把登记文件交给市级，并电话核对指纹：
{0}</source>
        <translation>Key created. Give the enrolment file to the city and check the fingerprint by phone:
{0}</translation>
    </message>
</context>
<context>
    <name>LedgerModel</name>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>牵头单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <source>责任单位</source>
        <translation>Responsible units</translation>
    </message>
    <message>
        <source>整改时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>剩余天数</source>
        <translation>Days left</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>预警</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>最近月报</source>
        <translation>Latest report</translation>
    </message>
    <message>
        <source>完成比例</source>
        <translation>Percent</translation>
    </message>
    <message>
        <source>县（市、区）</source>
        <translation>County</translation>
    </message>
    <message>
        <source>督察轮次</source>
        <translation>Inspection round</translation>
    </message>
    <message>
        <source>长期坚持</source>
        <translation>Ongoing</translation>
    </message>
    <message>
        <source>不再适用：%1</source>
        <translation>No longer applies: %1</translation>
    </message>
    <message>
        <source>不再适用</source>
        <translation>No longer applies</translation>
    </message>
</context>
<context>
    <name>LedgerView</name>
    <message>
        <source>搜索任务标题、反馈问题、四个清单（Ctrl+F）</source>
        <translation>Search titles, feedback and the four lists (Ctrl+F)</translation>
    </message>
    <message>
        <source>全部预警</source>
        <translation>All lights</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>全部督察轮次</source>
        <translation>All rounds</translation>
    </message>
    <message>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>正在读取台账…</source>
        <translation>Reading the ledger…</translation>
    </message>
    <message>
        <source>显示 %1 / %2 项任务</source>
        <translation>Showing %1 of %2 tasks</translation>
    </message>
    <message>
        <source>；另有 %1 项不再适用（灰色）</source>
        <translation>; %1 no longer applies (grey)</translation>
    </message>
</context>
<context>
    <name>LightCounts</name>
    <message>
        <source>只看这一类任务</source>
        <translation>Show only these tasks</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>指标</source>
        <translation>Indicators</translation>
    </message>
    <message>
        <source>任务清单</source>
        <translation>Task list</translation>
    </message>
    <message>
        <source>整改方案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <source>正在打开台账…</source>
        <translation>Opening the ledger…</translation>
    </message>
    <message>
        <source>月报</source>
        <translation>Monthly report</translation>
    </message>
    <message>
        <source>信访件</source>
        <translation>Petitions</translation>
    </message>
    <message>
        <source>概览</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>督办</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <source>督察轮次、所辖单位与指标…</source>
        <translation>Rounds, units and indicators…</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>查找任务</source>
        <translation>Find task</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>关于…</source>
        <translation>About…</translation>
    </message>
    <message>
        <source>市级</source>
        <translation>city</translation>
    </message>
    <message>
        <source>县级</source>
        <translation>county</translation>
    </message>
    <message>
        <source>（演示）</source>
        <translation> (demo)</translation>
    </message>
    <message>
        <source>%1（%2，%3）  今天 %4</source>
        <translation>%1 (%2, %3)  today %4</translation>
    </message>
    <message>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>已备份到 %1</source>
        <translation>Backed up to %1</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>复制详细信息</source>
        <translation>Copy details</translation>
    </message>
    <message>
        <source>日志文件：%1</source>
        <translation>Log file: %1</translation>
    </message>
    <message>
        <source>程序遇到了意外错误：%1

这不是您的操作有误。请点“复制详细信息”，连同日志文件一起发给技术支持（也可以运行 rectdesk-cli diagnose --out 诊断包.zip）。</source>
        <translation>The program ran into an unexpected error: %1

This is not a mistake of yours. Click “Copy details” and send them, with the log file, to whoever supports you (or run rectdesk-cli diagnose --out diagnostics.zip).</translation>
    </message>
    <message>
        <source>已保存到：%1</source>
        <translation>Saved to: %1</translation>
    </message>
    <message>
        <source>打开所在文件夹</source>
        <translation>Open folder</translation>
    </message>
</context>
<context>
    <name>MonthGrid</name>
    <message>
        <source>粘贴的内容超出表格，多出的 %1 格未粘贴。</source>
        <translation>The pasted block is larger than the table; %1 cells were left out.</translation>
    </message>
    <message>
        <source>粘贴 %1 格</source>
        <translation>Paste %1 cells</translation>
    </message>
    <message>
        <source>%1 行未保存：%2</source>
        <translation>%1 rows not saved: %2</translation>
    </message>
</context>
<context>
    <name>MonthGridModel</name>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>上月%</source>
        <translation>Last %</translation>
    </message>
    <message>
        <source>上月进展</source>
        <translation>Last month</translation>
    </message>
    <message>
        <source>本月%</source>
        <translation>This %</translation>
    </message>
    <message>
        <source>进展情况</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>存在问题</source>
        <translation>Difficulties</translation>
    </message>
    <message>
        <source>下步计划</source>
        <translation>Next steps</translation>
    </message>
    <message>
        <source>%1 未填</source>
        <translation>%1 missing</translation>
    </message>
    <message>
        <source>（无变化）</source>
        <translation>(no change)</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <source>发出督办单</source>
        <translation>Issue a supervision notice</translation>
    </message>
    <message>
        <source>任务编号（可不填）</source>
        <translation>Task number (optional)</translation>
    </message>
    <message>
        <source>信访件案件编号（可不填）</source>
        <translation>Petition case number (optional)</translation>
    </message>
    <message>
        <source>督办事项和要求</source>
        <translation>What is supervised and what is required</translation>
    </message>
    <message>
        <source>督办单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>信访件</source>
        <translation>Petition</translation>
    </message>
    <message>
        <source>督办级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>回复期限</source>
        <translation>Reply by</translation>
    </message>
    <message>
        <source>督办内容</source>
        <translation>Text</translation>
    </message>
</context>
<context>
    <name>NoticesModel</name>
    <message>
        <source>督办单号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>About</translation>
    </message>
    <message>
        <source>回复期限</source>
        <translation>Reply by</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>回复</source>
        <translation>Replies</translation>
    </message>
    <message>
        <source>第%1号任务</source>
        <translation>Task %1</translation>
    </message>
    <message>
        <source>综合事项</source>
        <translation>General matter</translation>
    </message>
    <message>
        <source>（逾期）</source>
        <translation> (overdue)</translation>
    </message>
</context>
<context>
    <name>Operation</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PacketActions</name>
    <message>
        <source>报送(&amp;P)</source>
        <translation>&amp;Packets</translation>
    </message>
    <message>
        <source>导出报送包…</source>
        <translation>Export packet…</translation>
    </message>
    <message>
        <source>导入报送包…</source>
        <translation>Import packets…</translation>
    </message>
    <message>
        <source>密钥与信任…</source>
        <translation>Keys and trust…</translation>
    </message>
    <message>
        <source>报送完整性…</source>
        <translation>Reporting completeness…</translation>
    </message>
    <message>
        <source>销号与延期审核…</source>
        <translation>Close-out and extension review…</translation>
    </message>
    <message>
        <source>报送包记录…</source>
        <translation>Packet history…</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <source>另存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <source>无法开始打印，请检查打印机。</source>
        <translation>Printing could not start; check the printer.</translation>
    </message>
</context>
<context>
    <name>PetitionCasePanel</name>
    <message>
        <source>交办与办理</source>
        <translation>Hand-over and handling</translation>
    </message>
    <message>
        <source>交办</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>（未回访）</source>
        <translation>(no follow-up yet)</translation>
    </message>
    <message>
        <source>前件案件编号</source>
        <translation>case number of the earlier case</translation>
    </message>
    <message>
        <source>发现</source>
        <translation>found</translation>
    </message>
    <message>
        <source>已整改</source>
        <translation>fixed</translation>
    </message>
    <message>
        <source>答复举报人</source>
        <translation>Reply to complainant</translation>
    </message>
    <message>
        <source>回访满意度</source>
        <translation>Follow-up satisfaction</translation>
    </message>
    <message>
        <source>重复件</source>
        <translation>Repeats case</translation>
    </message>
    <message>
        <source>举一反三</source>
        <translation>Similar problems</translation>
    </message>
    <message>
        <source>保存办理情况</source>
        <translation>Save handling</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Close case</translation>
    </message>
    <message>
        <source>添加佐证材料…</source>
        <translation>Add evidence…</translation>
    </message>
    <message>
        <source>佐证材料：</source>
        <translation>Evidence:</translation>
    </message>
    <message>
        <source>已交办给 %1</source>
        <translation>handed over to %1</translation>
    </message>
    <message>
        <source>办理期限 %1</source>
        <translation>due %1</translation>
    </message>
    <message>
        <source>%1 办结</source>
        <translation>closed %1</translation>
    </message>
    <message>
        <source>已超期未办结</source>
        <translation>overdue, not closed</translation>
    </message>
    <message>
        <source>%1 已答复</source>
        <translation>replied %1</translation>
    </message>
    <message>
        <source>%1 回访：%2</source>
        <translation>followed up %1: %2</translation>
    </message>
    <message>
        <source>尚未交办</source>
        <translation>not handed over</translation>
    </message>
    <message>
        <source>请按 2026-12-31 的格式填写办理期限。</source>
        <translation>Enter the due date like 2026-12-31.</translation>
    </message>
    <message>
        <source>选择佐证材料</source>
        <translation>Choose evidence files</translation>
    </message>
    <message>
        <source>图片和文档 (*.png *.jpg *.jpeg *.pdf *.doc *.docx *.xls *.xlsx);;所有文件 (*)</source>
        <translation>Pictures and documents (*.png *.jpg *.jpeg *.pdf *.doc *.docx *.xls *.xlsx);;All files (*)</translation>
    </message>
</context>
<context>
    <name>PetitionsModel</name>
    <message>
        <source>案件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>受理日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>是否属实</source>
        <translation>Substantiated?</translation>
    </message>
    <message>
        <source>整改情况</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <source>关联任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>待回头看</source>
        <translation>Revisits due</translation>
    </message>
    <message>
        <source>信访人</source>
        <translation>Complainant</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>办理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>（已超期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <source>办理期限：%1</source>
        <translation>Due: %1</translation>
    </message>
</context>
<context>
    <name>PetitionsView</name>
    <message>
        <source>显示信访人信息</source>
        <translation>Show complainant details</translation>
    </message>
    <message>
        <source>登记新信访件</source>
        <translation>New petition</translation>
    </message>
    <message>
        <source>案件编号 *</source>
        <translation>Case no. *</translation>
    </message>
    <message>
        <source>受理日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>交办日期</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>反映问题</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>是否属实</source>
        <translation>Substantiated?</translation>
    </message>
    <message>
        <source>（未核实）</source>
        <translation>(not checked)</translation>
    </message>
    <message>
        <source>属实</source>
        <translation>Substantiated</translation>
    </message>
    <message>
        <source>部分属实</source>
        <translation>Partly substantiated</translation>
    </message>
    <message>
        <source>不属实</source>
        <translation>Unfounded</translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>整改情况</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <source>办理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>关联任务编号</source>
        <translation>Linked task numbers</translation>
    </message>
    <message>
        <source>如 23、24</source>
        <translation>e.g. 23, 24</translation>
    </message>
    <message>
        <source>信访人</source>
        <translation>Complainant</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>安排回头看</source>
        <translation>Schedule revisit</translation>
    </message>
    <message>
        <source>核查结果</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>问题反弹</source>
        <translation>Problem came back</translation>
    </message>
    <message>
        <source>记录结果</source>
        <translation>Record result</translation>
    </message>
    <message>
        <source>回头看：</source>
        <translation>Revisits:</translation>
    </message>
    <message>
        <source>保存修改</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>反弹</source>
        <translation>Rebound</translation>
    </message>
    <message>
        <source>未反弹</source>
        <translation>No rebound</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>待进行</source>
        <translation>due</translation>
    </message>
    <message>
        <source>尚未安排</source>
        <translation>None scheduled</translation>
    </message>
    <message>
        <source>登记信访件</source>
        <translation>Register petition</translation>
    </message>
    <message>
        <source>修改信访件 %1</source>
        <translation>Edit petition %1</translation>
    </message>
    <message>
        <source>请先选中一件信访件。</source>
        <translation>Select a petition first.</translation>
    </message>
    <message>
        <source>没有待进行的回头看。</source>
        <translation>No revisits are due.</translation>
    </message>
</context>
<context>
    <name>PlanSetupDialog</name>
    <message>
        <source>督察轮次、所辖单位与指标</source>
        <translation>Rounds, units and indicators</translation>
    </message>
    <message>
        <source>督察轮次</source>
        <translation>Inspection rounds</translation>
    </message>
    <message>
        <source>所辖单位</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>环境指标</source>
        <translation>Indicators</translation>
    </message>
</context>
<context>
    <name>PlanView</name>
    <message>
        <source>%1 项任务，%2 个单位；双击单元格打开该单位的任务。</source>
        <translation>%1 tasks, %2 units; double-click a cell to open that unit's task.</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>红/整改中/销号</source>
        <translation>Red/open/closed</translation>
    </message>
</context>
<context>
    <name>RankingModel</name>
    <message>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>较上月</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>销号/任务</source>
        <translation>Closed/tasks</translation>
    </message>
</context>
<context>
    <name>RecordModel</name>
    <message>
        <source>进行中</source>
        <translation>Doing</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>计划中</source>
        <translation>Planned</translation>
    </message>
</context>
<context>
    <name>RecordTable</name>
    <message>
        <source>添加…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>第 %1 行“%2”：</source>
        <translation>Row %1, “%2”: </translation>
    </message>
    <message>
        <source>修改“%1”</source>
        <translation>Edit “%1”</translation>
    </message>
    <message>
        <source>添加：%1</source>
        <translation>Add: %1</translation>
    </message>
    <message>
        <source>请先选中要删除的一行。</source>
        <translation>Select the row to delete first.</translation>
    </message>
    <message>
        <source>删除%1第 %2 行“%3”吗？删除后可用“撤销”（Ctrl+Z）恢复。</source>
        <translation>Delete row %2 of %1 (“%3”)? Undo (Ctrl+Z) brings it back.</translation>
    </message>
    <message>
        <source>删除：%1</source>
        <translation>Delete: %1</translation>
    </message>
</context>
<context>
    <name>ReminderBanner</name>
    <message>
        <source>查看逾期任务</source>
        <translation>Overdue tasks</translation>
    </message>
    <message>
        <source>查看月报</source>
        <translation>Monthly report</translation>
    </message>
    <message>
        <source>查看回头看</source>
        <translation>Show revisits</translation>
    </message>
    <message>
        <source>知道了</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <source>%1 项任务已逾期</source>
        <translation>%1 tasks overdue</translation>
    </message>
    <message numerus="yes">
        <source>%1 项任务将在 %n 天内到期</source>
        <translation>
            <numerusform>%1 tasks due within %n day</numerusform>
            <numerusform>%1 tasks due within %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 月报 %2 截止，还有 %n 天</source>
        <translation>
            <numerusform>the %1 report is due %2, in %n day</numerusform>
            <numerusform>the %1 report is due %2, in %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 份督办单待回复</source>
        <translation>%1 supervision notices await a reply</translation>
    </message>
    <message>
        <source>（%1 份已逾期）</source>
        <translation> (%1 overdue)</translation>
    </message>
    <message>
        <source>%1 件信访件超期未办结</source>
        <translation>%1 petition(s) overdue</translation>
    </message>
    <message>
        <source>%1 次回头看已逾期</source>
        <translation>%1 revisit(s) overdue</translation>
    </message>
    <message>
        <source>%1 次回头看即将到期</source>
        <translation>%1 revisit(s) due soon</translation>
    </message>
    <message>
        <source>，%1 项任务尚未填写进展</source>
        <translation>, %1 tasks have no progress yet</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>。</source>
        <translation>.</translation>
    </message>
</context>
<context>
    <name>ReportModel</name>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>本月进展</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>完成比例</source>
        <translation>Percent</translation>
    </message>
    <message>
        <source>进展情况</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>无变化</source>
        <translation>No change</translation>
    </message>
    <message>
        <source>已填</source>
        <translation>Entered</translation>
    </message>
    <message>
        <source>未填</source>
        <translation>Missing</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <source>只看未填写</source>
        <translation>Only not filled</translation>
    </message>
    <message>
        <source>月份：</source>
        <translation>Month:</translation>
    </message>
    <message>
        <source>直接输入即可填写；Enter 下一行，Tab 下一格，Ctrl+D 以上月内容为起点，Ctrl+V 粘贴 Excel 中复制的单元格，Ctrl+Z 撤销。双击编号或任务打开任务。</source>
        <translation>Just type to fill in; Enter: next row, Tab: next cell, Ctrl+D: start from last month, Ctrl+V: paste cells copied from Excel, Ctrl+Z: undo. Double-click a number or task to open it.</translation>
    </message>
    <message>
        <source>本月整体无变化（声明）</source>
        <translation>No change this month (declaration)</translation>
    </message>
    <message>
        <source>说明（可选）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <source>保存声明</source>
        <translation>Save declaration</translation>
    </message>
    <message>
        <source>报送截止：%1（还有 %2 天）</source>
        <translation>Due: %1 (in %2 days)</translation>
    </message>
    <message>
        <source>报送截止：%1（已过 %2 天）</source>
        <translation>Due: %1 (%2 days ago)</translation>
    </message>
    <message>
        <source>已填 %1 项，未填 %2 项</source>
        <translation>%1 entered, %2 missing</translation>
    </message>
    <message>
        <source>%1 月报：%2</source>
        <translation>%1 report: %2</translation>
    </message>
    <message>
        <source>%1 月度声明</source>
        <translation>%1 declaration</translation>
    </message>
</context>
<context>
    <name>ReviewQueue</name>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>申请日期</source>
        <translation>Requested</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Requested by</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>批准</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>退回…</source>
        <translation>Return…</translation>
    </message>
    <message>
        <source>销号程序</source>
        <translation>Close-out procedure</translation>
    </message>
    <message>
        <source>销号条件（批准时再次核对）</source>
        <translation>Close-out conditions (checked again on approval)</translation>
    </message>
    <message>
        <source>佐证材料</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>单位：</source>
        <translation>Unit:</translation>
    </message>
    <message>
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <source>申请延至 %1（原定 %2）</source>
        <translation>asks until %1 (was %2)</translation>
    </message>
    <message>
        <source>延期</source>
        <translation>Extension</translation>
    </message>
    <message>
        <source>销号</source>
        <translation>Close-out</translation>
    </message>
    <message>
        <source>延期申请</source>
        <translation>Extension request</translation>
    </message>
    <message>
        <source>申请理由</source>
        <translation>Reason given</translation>
    </message>
    <message>
        <source>销号条件均已满足，可以批准</source>
        <translation>All conditions met; ready to approve</translation>
    </message>
    <message>
        <source>自查：</source>
        <translation>Self-check: </translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>市级验收：</source>
        <translation>City acceptance: </translation>
    </message>
    <message>
        <source>尚未验收</source>
        <translation>not yet accepted</translation>
    </message>
    <message>
        <source>公示：</source>
        <translation>Notice: </translation>
    </message>
    <message>
        <source>尚未公示</source>
        <translation>not yet noticed</translation>
    </message>
    <message>
        <source>异议：</source>
        <translation>Objection: </translation>
    </message>
    <message>
        <source>原定期限 %1  →  申请延至 %2</source>
        <translation>Deadline %1  →  asked until %2</translation>
    </message>
    <message>
        <source>（未写理由）</source>
        <translation>(no reason given)</translation>
    </message>
    <message>
        <source>批准后任务期限改为申请的日期，原定期限保留用于统计；退回时请写明理由，随下发包告知单位。</source>
        <translation>Approving moves the task's deadline to the date asked for; the original deadline is kept for the statistics. When returning, write the reasons: they reach the unit in the next city packet.</translation>
    </message>
    <message>
        <source>请先选择一项申请。</source>
        <translation>Choose a request first.</translation>
    </message>
    <message>
        <source>销号与延期审核</source>
        <translation>Close-out and extension review</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>退回理由：</source>
        <translation>Reasons for return:</translation>
    </message>
    <message>
        <source>第%1号</source>
        <translation>No. %1</translation>
    </message>
    <message>
        <source>未能办理：%1</source>
        <translation>Not done: %1</translation>
    </message>
    <message>
        <source>已批准延期（至 %2）：%1</source>
        <translation>Extension approved (until %2): %1</translation>
    </message>
    <message>
        <source>已退回延期申请：%1</source>
        <translation>Extension request returned: %1</translation>
    </message>
    <message>
        <source>已批准销号：%1，销号编号 %2</source>
        <translation>Approved: %1, close-out number %2</translation>
    </message>
    <message>
        <source>已退回：%1</source>
        <translation>Returned: %1</translation>
    </message>
    <message>
        <source>督察轮次</source>
        <translation>Inspection round</translation>
    </message>
</context>
<context>
    <name>RevisitsView</name>
    <message>
        <source>计划日期</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>已销号任务</source>
        <translation>closed-out task</translation>
    </message>
    <message>
        <source>信访件</source>
        <translation>petition</translation>
    </message>
    <message>
        <source>长期坚持任务</source>
        <translation>long-running task</translation>
    </message>
    <message>
        <source>逾期 %1 天</source>
        <translation>%1 days overdue</translation>
    </message>
    <message>
        <source>还有 %1 天</source>
        <translation>in %1 days</translation>
    </message>
    <message>
        <source>近期到期的回头看 %1 次，其中已逾期 %2 次。</source>
        <translation>%1 revisit(s) due soon, %2 of them overdue.</translation>
    </message>
    <message>
        <source>回头看</source>
        <translation>Revisits</translation>
    </message>
</context>
<context>
    <name>RoundsPage</name>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>反馈日期</source>
        <translation>Feedback date</translation>
    </message>
    <message>
        <source>进驻时间</source>
        <translation>On site</translation>
    </message>
    <message>
        <source>督察组</source>
        <translation>Inspection team</translation>
    </message>
    <message>
        <source>方案印发</source>
        <translation>Plan issued</translation>
    </message>
    <message>
        <source>新增轮次…</source>
        <translation>New round…</translation>
    </message>
    <message>
        <source>新增督察轮次</source>
        <translation>New inspection round</translation>
    </message>
    <message>
        <source>名称 *</source>
        <translation>Name *</translation>
    </message>
    <message>
        <source>第二轮省级生态环境保护督察</source>
        <translation>Second provincial eco-environmental inspection</translation>
    </message>
    <message>
        <source>进驻开始</source>
        <translation>First day on site</translation>
    </message>
    <message>
        <source>进驻结束</source>
        <translation>Last day on site</translation>
    </message>
    <message>
        <source>反馈日期 *</source>
        <translation>Feedback date *</translation>
    </message>
    <message>
        <source>整改方案印发日期</source>
        <translation>Rectification plan issued on</translation>
    </message>
    <message>
        <source>已登记督察轮次：%1</source>
        <translation>Round added: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <source>黄灯预警提前</source>
        <translation>Yellow light before deadline</translation>
    </message>
    <message>
        <source>月报截止日（次月）</source>
        <translation>Report due day (next month)</translation>
    </message>
    <message>
        <source>回头看间隔（月）</source>
        <translation>Revisit intervals (months)</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>数据文件夹</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>更改…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>从所选备份恢复…</source>
        <translation>Restore selected backup…</translation>
    </message>
    <message>
        <source>选择数据文件夹</source>
        <translation>Choose the data folder</translation>
    </message>
    <message>
        <source>新的数据文件夹在下次启动时生效。</source>
        <translation>The new data folder is used from the next start.</translation>
    </message>
    <message>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>请先在列表中选中一份备份。</source>
        <translation>Select a backup in the list first.</translation>
    </message>
    <message>
        <source>%1

确定要恢复吗？当前台账会先自动备份。</source>
        <translation>%1

Restore it anyway? The current ledger is backed up first.</translation>
    </message>
    <message>
        <source>用备份“%1”替换当前台账？当前台账会先自动备份。</source>
        <translation>Replace the ledger with backup “%1”? The current ledger is backed up first.</translation>
    </message>
    <message>
        <source>正在恢复…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <source>%1年%2月%3日 %4，%5</source>
        <translation>%1-%2-%3 %4, %5</translation>
    </message>
</context>
<context>
    <name>SupervisionView</name>
    <message>
        <source>发出督办…</source>
        <translation>Issue notice…</translation>
    </message>
    <message>
        <source>回复…</source>
        <translation>Reply…</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>升级督办…</source>
        <translation>Escalate…</translation>
    </message>
    <message>
        <source>导出督办单 PDF…</source>
        <translation>Export notice PDF…</translation>
    </message>
    <message>
        <source>督办单</source>
        <translation>Notices</translation>
    </message>
    <message>
        <source>排名与通报</source>
        <translation>Ranking and bulletin</translation>
    </message>
    <message>
        <source>问责</source>
        <translation>Accountability</translation>
    </message>
    <message>
        <source>得分走势（近6个月）</source>
        <translation>Score over the last 6 months</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>导出通报 PDF…</source>
        <translation>Export bulletin PDF…</translation>
    </message>
    <message>
        <source>导出通报 Excel…</source>
        <translation>Export bulletin Excel…</translation>
    </message>
    <message>
        <source>记录问责…</source>
        <translation>Record an action…</translation>
    </message>
    <message>
        <source>问责线索（按规则：连续红灯、约谈、销号后反弹、虚假整改、连续两月月报逾期）</source>
        <translation>Accountability candidates (rules: red months running, interview, rebound after close-out, sham rectification, reports late two months running)</translation>
    </message>
    <message>
        <source>市级排名：</source>
        <translation>City ranking: </translation>
    </message>
    <message>
        <source>尚未收到市级的排名。</source>
        <translation>No ranking from the city yet.</translation>
    </message>
    <message>
        <source>正在计算排名…</source>
        <translation>Computing the ranking…</translation>
    </message>
    <message>
        <source>已记录的问责：</source>
        <translation>Actions recorded: </translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>%1 得分走势（近6个月）</source>
        <translation>%1: score over the last 6 months</translation>
    </message>
    <message>
        <source>%1月</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>回复：</source>
        <translation>Replies:</translation>
    </message>
    <message>
        <source>请先选中一份督办单。</source>
        <translation>Select a notice first.</translation>
    </message>
    <message>
        <source>回复%1</source>
        <translation>Reply to %1</translation>
    </message>
    <message>
        <source>办理情况</source>
        <translation>What was done</translation>
    </message>
    <message>
        <source>已采取的措施</source>
        <translation>Measures taken</translation>
    </message>
    <message>
        <source>确定办结%1吗？</source>
        <translation>Close %1?</translation>
    </message>
    <message>
        <source>约谈已是最高一级督办；可以在“问责”中记录问责。</source>
        <translation>An interview is the top level; record an accountability action under “Accountability”.</translation>
    </message>
    <message>
        <source>升级为%1</source>
        <translation>Escalate to %1</translation>
    </message>
    <message>
        <source>回复期限</source>
        <translation>Reply by</translation>
    </message>
    <message>
        <source>督办内容（可不填）</source>
        <translation>Text (optional)</translation>
    </message>
    <message>
        <source>导出督办单</source>
        <translation>Export notice</translation>
    </message>
    <message>
        <source>已导出：%1</source>
        <translation>Written: %1</translation>
    </message>
    <message>
        <source>导出月度通报</source>
        <translation>Export the monthly bulletin</translation>
    </message>
    <message>
        <source>正在生成通报…</source>
        <translation>Writing the bulletin…</translation>
    </message>
    <message>
        <source>记录问责</source>
        <translation>Record an accountability action</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>问责方式</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>职务</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Document number</translation>
    </message>
    <message>
        <source>依据</source>
        <translation>Basis</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <source>问题清单</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>措施清单</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>责任清单</source>
        <translation>Responsibilities</translation>
    </message>
    <message>
        <source>效果清单</source>
        <translation>Effects</translation>
    </message>
    <message>
        <source>月度进展</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>佐证材料</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>验收与销号</source>
        <translation>Acceptance &amp;&amp; close-out</translation>
    </message>
    <message>
        <source>延期</source>
        <translation>Extensions</translation>
    </message>
    <message>
        <source>回头看</source>
        <translation>Revisits</translation>
    </message>
    <message>
        <source>历史记录</source>
        <translation>History</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>任务 %1</source>
        <translation>Task %1</translation>
    </message>
    <message>
        <source>长期坚持</source>
        <translation>Ongoing</translation>
    </message>
    <message>
        <source>状态：%1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>整改时限：%1</source>
        <translation>Deadline: %1</translation>
    </message>
    <message>
        <source>牵头单位：%1</source>
        <translation>Lead unit: %1</translation>
    </message>
    <message>
        <source>类别：%1</source>
        <translation>Category: %1</translation>
    </message>
    <message>
        <source>整改目标：%1</source>
        <translation>Target: %1</translation>
    </message>
</context>
<context>
    <name>TrustDialog</name>
    <message>
        <source>密钥与信任</source>
        <translation>Keys and trust</translation>
    </message>
    <message>
        <source>本台账的密钥（请对方电话核对此指纹）</source>
        <translation>This desk's key (have the other side check this fingerprint by phone)</translation>
    </message>
    <message>
        <source>密钥编号</source>
        <translation>Key ID</translation>
    </message>
    <message>
        <source>指纹</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>创建签名密钥…</source>
        <translation>Create signing key…</translation>
    </message>
    <message>
        <source>导出登记文件…</source>
        <translation>Export enrolment file…</translation>
    </message>
    <message>
        <source>单位代码</source>
        <translation>Unit code</translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation>Unit name</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>登记对方密钥</source>
        <translation>Enrol another desk's key</translation>
    </message>
    <message>
        <source>选择登记文件…</source>
        <translation>Choose enrolment file…</translation>
    </message>
    <message>
        <source>（选择文件后显示其指纹）</source>
        <translation>(shown once you choose a file)</translation>
    </message>
    <message>
        <source>输入电话中对方读出的指纹</source>
        <translation>Enter the fingerprint read out to you by phone</translation>
    </message>
    <message>
        <source>更换该单位已登记的密钥（如电脑丢失）</source>
        <translation>Replace this unit's enrolled key (e.g. computer lost)</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <source>文件中密钥的指纹</source>
        <translation>Fingerprint in the file</translation>
    </message>
    <message>
        <source>核对后的指纹</source>
        <translation>Fingerprint checked by phone</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>Retired</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>登记文件保存到</source>
        <translation>Save the enrolment file to</translation>
    </message>
    <message>
        <source>已写出：</source>
        <translation>Written:</translation>
    </message>
    <message>
        <source>选择登记文件</source>
        <translation>Choose an enrolment file</translation>
    </message>
    <message>
        <source>登记文件 (*.enrol.json)</source>
        <translation>Enrolment files (*.enrol.json)</translation>
    </message>
</context>
<context>
    <name>UnitsPage</name>
    <message>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>报送方式</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>新增单位…</source>
        <translation>New unit…</translation>
    </message>
    <message>
        <source>改名…</source>
        <translation>Rename…</translation>
    </message>
    <message>
        <source>县（市、区）</source>
        <translation>county / district / city</translation>
    </message>
    <message>
        <source>开发区</source>
        <translation>development zone</translation>
    </message>
    <message>
        <source>市直部门</source>
        <translation>city department</translation>
    </message>
    <message>
        <source>本单位台账报送</source>
        <translation>from its own desk</translation>
    </message>
    <message>
        <source>由市级台账代管</source>
        <translation>through the city desk</translation>
    </message>
    <message>
        <source>新增单位</source>
        <translation>New unit</translation>
    </message>
    <message>
        <source>代码 *</source>
        <translation>Code *</translation>
    </message>
    <message>
        <source>名称 *</source>
        <translation>Name *</translation>
    </message>
    <message>
        <source>保定市竞秀区</source>
        <translation>Jingxiu District, Baoding</translation>
    </message>
    <message>
        <source>竞秀区</source>
        <translation>Jingxiu</translation>
    </message>
    <message>
        <source>已登记单位：%1 %2</source>
        <translation>Unit added: %1 %2</translation>
    </message>
    <message>
        <source>请先选中一个单位。</source>
        <translation>Select a unit first.</translation>
    </message>
    <message>
        <source>修改单位名称：%1</source>
        <translation>Rename unit %1</translation>
    </message>
    <message>
        <source>单位的记录按代码保存，改名后记录不变。</source>
        <translation>Records refer to the unit's code: renaming keeps them.</translation>
    </message>
    <message>
        <source>已改名：%1 %2</source>
        <translation>Renamed: %1 %2</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <source>“%1”不能为空。</source>
        <translation>“%1” is required.</translation>
    </message>
</context>
</TS>