; Inno Setup script: installs the PyInstaller folder build for one user (no admin
; rights needed on an office PC) and adds a Start-menu entry.
; Build: pyinstaller packaging/rectdesk.spec, then iscc packaging/windows/rectdesk.iss
#define AppName "整改台账"
#define AppVersion "0.1.0"

[Setup]
AppId={{7B0F4D0C-6C1B-4E0B-9D1E-3F6A1C2B5D71}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Rectification Desk
DefaultDirName={localappdata}\Programs\RectificationDesk
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
OutputBaseFilename=rectdesk-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "..\..\dist\rectdesk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\rectdesk.exe"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\rectdesk.exe"

[Run]
Filename: "{app}\rectdesk.exe"; Description: "启动整改台账"; Flags: postinstall nowait skipifsilent
