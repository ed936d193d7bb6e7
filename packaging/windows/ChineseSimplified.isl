; 整改台账 Rectification Desk — Inno Setup 6 简体中文界面文字
;
; Licence: this file is our own work, written for this project (it is not a copy or an
; edit of Inno Setup's user-contributed Chinese translation), and is distributed under
; the project's licence, GPL-3.0-or-later.  Only the message NAMES follow Inno Setup's
; documented [Messages] format.  rectdesk.iss loads it over the compiler's English
; Default.isl ("compiler:Default.isl,ChineseSimplified.isl").  It carries every
; message of Inno Setup 6.3.1 (the release the builds use; packaging/windows/
; check-installer.sh compiles with it and fails on a missing or unknown name).
;
; The file must stay UTF-8 with a byte-order mark (Inno Setup 6 reads it so).
; Inno Setup adds the full stop itself to messages that end without one in English;
; those stay without "。" here too.

[LangOptions]
LanguageName=简体中文
LanguageID=$0804
LanguageCodePage=0
DialogFontName=Microsoft YaHei UI
DialogFontSize=9
WelcomeFontName=Microsoft YaHei UI
WelcomeFontSize=12
TitleFontName=Microsoft YaHei UI
TitleFontSize=29
CopyrightFontName=Microsoft YaHei UI
CopyrightFontSize=9

[Messages]
; 窗口标题
SetupAppTitle=安装
SetupWindowTitle=安装 %1
UninstallAppTitle=卸载
UninstallAppFullTitle=卸载 %1

InformationTitle=提示
ConfirmTitle=请确认
ErrorTitle=出错

; 启动前
SetupLdrStartupMessage=即将安装 %1。要继续吗？
LdrCannotCreateTemp=无法建立临时文件，安装已中止
LdrCannotExecTemp=无法运行临时文件夹中的文件，安装已中止
LastErrorMessage=%1。%n%n错误 %2：%3
SetupFileMissing=安装文件夹中缺少文件 %1。请重新获取安装程序。
SetupFileCorrupt=安装文件已损坏。请重新获取安装程序。
SetupFileCorruptOrWrongVer=安装文件已损坏，或与本安装程序版本不符。请重新获取安装程序。
InvalidParameter=命令行参数无效：%n%n%1
SetupAlreadyRunning=安装程序已经在运行。
WindowsVersionNotSupported=本程序不支持这台电脑的 Windows 版本。
WindowsServicePackRequired=本程序需要 %1 Service Pack %2 或更新版本。
NotOnThisPlatform=本程序不能在 %1 上运行。
OnlyOnThisPlatform=本程序只能在 %1 上运行。
OnlyOnTheseArchitectures=本程序只能安装在以下处理器架构的 Windows 上：%n%n%1
WinVersionTooLowError=本程序需要 %1 %2 或更新版本。
WinVersionTooHighError=本程序不能安装在 %1 %2 或更新版本上。
AdminPrivilegesRequired=安装本程序需要以管理员身份登录。
PowerUserPrivilegesRequired=安装本程序需要以管理员或 Power Users 组成员身份登录。
SetupAppRunningError=%1 正在运行。%n%n请先关闭它，再点“确定”继续；点“取消”退出安装。
UninstallAppRunningError=%1 正在运行。%n%n请先关闭它，再点“确定”继续；点“取消”退出卸载。

PrivilegesRequiredOverrideInstruction=选择安装方式
PrivilegesRequiredOverrideAllUsers=为所有用户安装
PrivilegesRequiredOverrideCurrentUser=只为我安装

ErrorCreatingDir=无法建立文件夹“%1”
ErrorTooManyFilesInDir=文件夹“%1”中文件过多，无法在其中建立文件

; 通用
ExitSetupTitle=退出安装
ExitSetupMessage=安装尚未完成。现在退出，程序将不会被安装。%n%n以后可以再次运行安装程序完成安装。%n%n确定退出吗？
AboutSetupMenuItem=关于安装程序(&A)…
AboutSetupTitle=关于安装程序
AboutSetupMessage=%1 版本 %2%n%3%n%n%1 主页：%n%4
AboutSetupNote=
TranslatorNote=简体中文界面文字由整改台账项目编写。

; 按钮
ButtonBack=< 上一步(&B)
ButtonNext=下一步(&N) >
ButtonInstall=安装(&I)
ButtonOK=确定
ButtonCancel=取消
ButtonYes=是(&Y)
ButtonYesToAll=全部是(&A)
ButtonNo=否(&N)
ButtonNoToAll=全部否(&O)
ButtonFinish=完成(&F)
ButtonBrowse=浏览(&B)…
ButtonWizardBrowse=浏览(&R)…
ButtonNewFolder=新建文件夹(&M)

SelectLanguageTitle=选择安装语言
SelectLanguageLabel=请选择安装过程中使用的语言：

ClickNext=点“下一步”继续，点“取消”退出安装。
BeveledLabel=
BrowseDialogTitle=选择文件夹
BrowseDialogLabel=请在下面的列表中选择一个文件夹，然后点“确定”。
NewFolderName=新建文件夹

; 欢迎
WelcomeLabel1=欢迎安装 [name]
WelcomeLabel2=本向导将在这台电脑上安装 [name/ver]。%n%n建议先关闭其他正在运行的程序再继续。

; 许可协议
WizardLicense=许可协议
LicenseLabel=继续之前，请阅读以下重要信息。
LicenseLabel3=请阅读以下许可协议。接受协议后才能继续安装。
LicenseAccepted=我接受协议(&A)
LicenseNotAccepted=我不接受协议(&D)

WizardInfoBefore=说明
InfoBeforeLabel=继续之前，请阅读以下重要信息。
InfoBeforeClickLabel=准备好继续安装后，点“下一步”。
WizardInfoAfter=说明
InfoAfterLabel=继续之前，请阅读以下重要信息。
InfoAfterClickLabel=准备好继续后，点“下一步”。

; 安装位置
WizardSelectDir=选择安装位置
SelectDirDesc=把 [name] 安装在哪里？
SelectDirLabel3=安装程序将把 [name] 安装到下面的文件夹。
SelectDirBrowseLabel=点“下一步”继续。如需换一个文件夹，请点“浏览”。
DiskSpaceMBLabel=至少需要 [mb] MB 可用磁盘空间。
CannotInstallToNetworkDrive=不能安装到网络驱动器上。
CannotInstallToUNCPath=不能安装到网络路径（UNC 路径）上。
InvalidPath=请输入带盘符的完整路径，例如：%n%nC:\整改台账%n%n或如下形式的网络路径：%n%n\\服务器\共享
InvalidDrive=所选的驱动器或网络共享不存在或无法访问，请另选一个。
DiskSpaceWarningTitle=磁盘空间不足
DiskSpaceWarning=安装至少需要 %1 KB 可用空间，所选驱动器只有 %2 KB。%n%n仍要继续吗？
DirNameTooLong=文件夹名称或路径太长。
InvalidDirName=文件夹名称无效。
BadDirName32=文件夹名称不能包含下列字符：%n%n%1
DirExistsTitle=文件夹已存在
DirExists=文件夹%n%n%1%n%n已经存在。仍要安装到这个文件夹吗？
DirDoesntExistTitle=文件夹不存在
DirDoesntExist=文件夹%n%n%1%n%n不存在。要新建这个文件夹吗？

; 附加任务与开始菜单
WizardSelectTasks=选择附加任务
SelectTasksDesc=还要做哪些事？
SelectTasksLabel2=请选择安装 [name] 时要一并完成的附加任务，然后点“下一步”。
WizardSelectProgramGroup=选择开始菜单文件夹
SelectStartMenuFolderDesc=把程序的快捷方式放在哪里？
SelectStartMenuFolderLabel3=安装程序将在下面的开始菜单文件夹中建立快捷方式。
SelectStartMenuFolderBrowseLabel=点“下一步”继续。如需换一个文件夹，请点“浏览”。
MustEnterGroupName=请输入文件夹名称。
GroupNameTooLong=文件夹名称或路径太长。
InvalidGroupName=文件夹名称无效。
BadGroupName=文件夹名称不能包含下列字符：%n%n%1
NoProgramGroupCheck2=不建立开始菜单文件夹(&D)

; 准备安装
WizardReady=准备安装
ReadyLabel1=安装程序已准备好在这台电脑上安装 [name]。
ReadyLabel2a=点“安装”开始；如需检查或修改设置，请点“上一步”。
ReadyLabel2b=点“安装”开始。
ReadyMemoUserInfo=用户信息：
ReadyMemoDir=安装位置：
ReadyMemoType=安装类型：
ReadyMemoComponents=所选组件：
ReadyMemoGroup=开始菜单文件夹：
ReadyMemoTasks=附加任务：

WizardPreparing=正在准备安装
PreparingDesc=安装程序正在准备在这台电脑上安装 [name]。
PreviousInstallNotCompleted=上一个程序的安装或卸载尚未完成，需要重新启动电脑才能完成。%n%n重新启动后，请再次运行安装程序以完成 [name] 的安装。
CannotContinue=安装无法继续。请点“取消”退出。
ApplicationsFound=下列程序正在使用需要更新的文件。建议让安装程序自动关闭这些程序。
ApplicationsFound2=下列程序正在使用需要更新的文件。建议让安装程序自动关闭这些程序；安装完成后，安装程序会尝试重新启动它们。
CloseApplications=自动关闭这些程序(&A)
DontCloseApplications=不关闭这些程序(&D)
ErrorCloseApplications=安装程序无法自动关闭所有程序。建议先关闭使用待更新文件的程序，再继续安装。

; 正在安装与完成
WizardInstalling=正在安装
InstallingLabel=正在这台电脑上安装 [name]，请稍候。
FinishedHeadingLabel=[name] 安装完成
FinishedLabelNoIcons=[name] 已安装到这台电脑上。
FinishedLabel=[name] 已安装到这台电脑上，可以通过已建立的快捷方式启动。
ClickFinish=点“完成”退出安装。
FinishedRestartLabel=需要重新启动电脑才能完成 [name] 的安装。现在重新启动吗？
FinishedRestartMessage=需要重新启动电脑才能完成 [name] 的安装。%n%n现在重新启动吗？
ShowReadmeCheck=查看自述文件
YesRadio=现在重新启动电脑(&Y)
NoRadio=稍后自行重新启动(&N)
RunEntryExec=运行 %1
RunEntryShellExec=查看 %1

SetupAborted=安装没有完成。%n%n请排除问题后重新运行安装程序。
AbortRetryIgnoreRetry=重试
AbortRetryIgnoreCancel=取消安装

StatusClosingApplications=正在关闭程序…
StatusCreateDirs=正在建立文件夹…
StatusExtractFiles=正在复制文件…
StatusCreateIcons=正在建立快捷方式…
StatusCreateIniEntries=正在写入 INI 设置…
StatusCreateRegistryEntries=正在写入注册表…
StatusRegisterFiles=正在注册文件…
StatusSavingUninstall=正在保存卸载信息…
StatusRunProgram=正在完成安装…
StatusRestartingApplications=正在重新启动程序…
StatusRollback=正在撤销更改…

ErrorInternal2=内部错误：%1
ErrorFunctionFailedNoCode=%1 失败
ErrorFunctionFailed=%1 失败，代码 %2
ErrorFunctionFailedWithMessage=%1 失败，代码 %2。%n%3
ErrorExecutingProgram=无法运行文件：%n%1
ErrorRegOpenKey=打开注册表项出错：%n%1\%2
ErrorRegCreateKey=建立注册表项出错：%n%1\%2
ErrorRegWriteKey=写入注册表项出错：%n%1\%2
ErrorIniEntry=在文件“%1”中写入 INI 设置出错。

FileAbortRetryIgnoreSkipNotRecommended=跳过这个文件（不推荐）
SourceIsCorrupted=源文件已损坏
SourceDoesntExist=源文件“%1”不存在
ErrorReadingExistingDest=读取已有文件时出错：
ErrorCreatingTemp=在目标文件夹中建立文件时出错：
ErrorReadingSource=读取源文件时出错：
ErrorCopying=复制文件时出错：
ErrorReplacingExistingFile=替换已有文件时出错：
ErrorRestartReplace=登记重启后替换时出错：
ErrorRenamingTemp=重命名目标文件夹中的文件时出错：
ErrorOpeningReadme=打开自述文件时出错。
ErrorRestartingComputer=安装程序无法重新启动电脑，请手动重新启动。
ErrorChangingAttr=修改已有文件的属性时出错：

UninstallDisplayNameMark=%1（%2）
UninstallDisplayNameMarks=%1（%2，%3）
UninstallDisplayNameMark32Bit=32 位
UninstallDisplayNameMark64Bit=64 位
UninstallDisplayNameMarkAllUsers=所有用户
UninstallDisplayNameMarkCurrentUser=当前用户

; 卸载
UninstallNotFound=文件“%1”不存在，无法卸载。
UninstallOpenError=无法打开文件“%1”，无法卸载
UninstallUnsupportedVer=这个版本的卸载程序无法识别卸载记录“%1”，无法卸载
UninstallUnknownEntry=卸载记录中有无法识别的条目（%1）
ConfirmUninstall=确定要卸载 %1 吗？%n%n只删除程序本身；台账数据文件夹（台账、备份、证据材料、密钥和日志）会保留。
UninstallOnlyOnWin64=只能在 64 位 Windows 上卸载。
OnlyAdminCanUninstall=只有管理员才能卸载。
UninstallStatusLabel=正在从这台电脑上删除 %1，请稍候。
UninstalledAll=%1 已从这台电脑上删除。台账数据文件夹已保留。
UninstalledMost=%1 已卸载。%n%n有些文件无法删除，可以手动删除。
UninstalledAndNeedsRestart=需要重新启动电脑才能完成 %1 的卸载。%n%n现在重新启动吗？
UninstallDataCorrupted=文件“%1”已损坏，无法卸载
ConfirmDeleteSharedFileTitle=删除共享文件？
ConfirmDeleteSharedFile2=下面的共享文件已不再被任何程序使用。要删除它吗？%n%n如果仍有程序在使用它，删除后那些程序可能无法正常工作。不确定时请选“否”。保留它不会有任何坏处。
SharedFileNameLabel=文件名：
SharedFileLocationLabel=位置：
WizardUninstalling=卸载进度
StatusUninstalling=正在卸载 %1…

ShutdownBlockReasonInstallingApp=正在安装 %1。
ShutdownBlockReasonUninstallingApp=正在卸载 %1。

; --- pages and prompts this program's installer rarely shows, translated so that none
; appears in English (checked against Inno Setup 6.3.1's Default.isl by
; packaging/windows/check-installer.sh)
HelpTextNote=
PrivilegesRequiredOverrideTitle=选择安装方式
PrivilegesRequiredOverrideText1=%1 可以为这台电脑的所有用户安装（需要管理员权限），也可以只为您安装。
PrivilegesRequiredOverrideText2=%1 可以只为您安装，也可以为这台电脑的所有用户安装（需要管理员权限）。
PrivilegesRequiredOverrideAllUsersRecommended=为所有用户安装(&A)（推荐）
PrivilegesRequiredOverrideCurrentUserRecommended=只为我安装(&M)（推荐）
WizardPassword=密码
PasswordLabel1=本安装程序设有密码。
PasswordLabel3=请输入密码，然后单击“下一步”继续。密码区分大小写。
PasswordEditLabel=密码(&P)：
IncorrectPassword=密码不正确，请重新输入。
WizardUserInfo=用户信息
UserInfoDesc=请填写您的信息。
UserInfoName=用户名(&U)：
UserInfoOrg=单位(&O)：
UserInfoSerial=序列号(&S)：
UserInfoNameRequired=请填写用户名。
DiskSpaceGBLabel=至少需要 [gb] GB 可用磁盘空间。
WizardSelectComponents=选择组件
SelectComponentsDesc=要安装哪些组件？
SelectComponentsLabel2=勾选要安装的组件，取消勾选不需要的组件。准备好后单击“下一步”。
FullInstallation=完全安装
CompactInstallation=精简安装
CustomInstallation=自定义安装
NoUninstallWarningTitle=组件已存在
NoUninstallWarning=安装程序发现这台电脑上已经装有以下组件：%n%n%1%n%n取消勾选并不会卸载它们。%n%n仍要继续吗？
ComponentSize1=%1 KB
ComponentSize2=%1 MB
ComponentsDiskSpaceGBLabel=当前所选组件至少需要 [gb] GB 磁盘空间。
ComponentsDiskSpaceMBLabel=当前所选组件至少需要 [mb] MB 磁盘空间。
DownloadingLabel=正在下载其他文件…
ButtonStopDownload=停止下载(&S)
StopDownload=确定要停止下载吗？
ErrorDownloadAborted=下载已中止
ErrorDownloadFailed=下载失败：%1 %2
ErrorDownloadSizeFailed=无法取得文件大小：%1 %2
ErrorFileHash1=无法计算文件校验值：%1
ErrorFileHash2=文件校验值不符：应为 %1，实为 %2
ErrorProgress=进度无效：%1 / %2
ErrorFileSize=文件大小不符：应为 %1，实为 %2
PrepareToInstallNeedsRestart=需要先重新启动电脑。重启后请再次运行安装程序，完成 [name] 的安装。%n%n现在重新启动吗？
ChangeDiskTitle=请插入下一张磁盘
SelectDiskLabel2=请插入第 %1 张磁盘，然后单击“确定”。%n%n如果这张磁盘上的文件在下面以外的文件夹中，请输入正确的路径或单击“浏览”。
PathLabel=路径(&P)：
FileNotInDir2=在“%2”中找不到文件“%1”。请插入正确的磁盘或选择其他文件夹。
SelectDirectoryLabel=请指定下一张磁盘的位置。
AbortRetryIgnoreSelectAction=请选择操作
AbortRetryIgnoreIgnore=忽略错误并继续(&I)
FileAbortRetryIgnoreIgnoreNotRecommended=忽略错误并继续(&I)（不推荐）
ExistingFileReadOnly2=原有文件是只读的，无法替换。
ExistingFileReadOnlyRetry=去掉只读属性后重试(&R)
ExistingFileReadOnlyKeepExisting=保留原有文件(&K)
FileExistsSelectAction=请选择操作
FileExists2=文件已经存在。
FileExistsOverwriteExisting=覆盖原有文件(&O)
FileExistsKeepExisting=保留原有文件(&K)
FileExistsOverwriteOrKeepAll=之后的冲突都这样处理(&D)
ExistingFileNewerSelectAction=请选择操作
ExistingFileNewer2=原有文件比安装程序要装的文件更新。
ExistingFileNewerOverwriteExisting=覆盖原有文件(&O)
ExistingFileNewerKeepExisting=保留原有文件(&K)（推荐）
ExistingFileNewerOverwriteOrKeepAll=之后的冲突都这样处理(&D)
ErrorRegisterServer=无法注册 DLL/OCX：%1
ErrorRegSvr32Failed=RegSvr32 执行失败，退出代码 %1
ErrorRegisterTypeLib=无法注册类型库：%1

[CustomMessages]
NameAndVersion=%1 版本 %2
AdditionalIcons=附加快捷方式：
CreateDesktopIcon=在桌面上建立快捷方式(&D)
CreateQuickLaunchIcon=在快速启动栏建立快捷方式(&Q)
ProgramOnTheWeb=%1 网站
UninstallProgram=卸载 %1
LaunchProgram=运行 %1
AssocFileExtension=把 %2 文件与 %1 关联(&A)
AssocingFileExtension=正在把 %2 文件与 %1 关联…
AutoStartProgramGroupDescription=启动：
AutoStartProgram=自动启动 %1
AddonHostProgramNotFound=在所选文件夹中找不到 %1。%n%n仍要继续吗？
