; Inno Setup 6 script: installs the PyInstaller folder (dist\rectdesk) for the current
; user only — no administrator rights, as on a county office PC — under
; %LOCALAPPDATA%\Programs\RectificationDesk, with Start-menu and optional desktop
; shortcuts and the .rdpkt packet type (double-click opens the import preview).
;
; Build (from the repository root, after `python packaging\build.py`):
;   iscc /DAppVersion=0.1.0 packaging\windows\rectdesk.iss
; writes dist\rectdesk-setup-0.1.0.exe.  .github/workflows/windows.yml does exactly this,
; with Inno Setup 6.3.1 from the npm registry (innosetup-compiler), the release
; packaging/windows/check-installer.sh compiles and tries this script with under Wine.
;
; The Chinese messages are our own file in this folder (ChineseSimplified.isl), laid
; over the compiler's English Default.isl, which every Inno Setup 6 release has: the
; build does not depend on which translations the installed compiler carries.
;
; The uninstaller removes only what this script installed: the clerk's data folder
; (%LOCALAPPDATA%\RectificationDesk, or one she chose in the settings), its backups,
; keys and log are never touched.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "整改台账"
#define AppExe "rectdesk.exe"
#define ProgId "RectificationDesk.Packet"

[Setup]
AppId={{7B0F4D0C-6C1B-4E0B-9D1E-3F6A1C2B5D71}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Rectification Desk
DefaultDirName={localappdata}\Programs\RectificationDesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=rectdesk-setup-{#AppVersion}
SetupIconFile=..\icons\rectdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
; An upgrade installs over the older build; the program upgrades the ledger itself
; (backup first) on its next start.
UsePreviousAppDir=yes
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Default.isl,ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; A newer build replaces the whole program folder's contents (never the data folder,
; which is elsewhere): files an older build had and this one dropped must go.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\rectdesk\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Per-user file association (HKCU\Software\Classes), removed again on uninstall.
Root: HKA; Subkey: "Software\Classes\.rdpkt"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "整改台账报送包"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: postinstall nowait skipifsilent

[UninstallDelete]
; Only the program folder.  No entry here may name {localappdata}\RectificationDesk
; or any other data folder: uninstalling keeps the clerk's ledger.
Type: dirifempty; Name: "{app}"
