; Inno Setup script for the Windows installer. Build the app first on Windows:
;     .venv\Scripts\pyinstaller --noconfirm build.spec
; then compile this script with Inno Setup 6:  iscc packaging\windows\desktop-gpt.iss
; The installer goes to dist\installer\. It installs per user (no administrator rights needed)
; and never touches the user's documents, models or chats in %LOCALAPPDATA%\desktop-gpt.
; The app carries its starter models: its first start copies them into that folder (no network).

#define AppName "Desktop GPT"
#define AppVersion GetEnv("DESKTOP_GPT_VERSION")
#if AppVersion == ""
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C7B2A5E-3F41-4E8B-9D2A-5B1E0C4F7A11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Desktop GPT
DefaultDirName={localappdata}\Programs\Desktop GPT
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
OutputDir=..\..\dist\installer
OutputBaseFilename=DesktopGPT-{#AppVersion}-setup
SetupIconFile=desktop-gpt.ico
UninstallDisplayIcon={app}\desktop-gpt.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\..\dist\desktop-gpt\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Registry]
; "Open with Desktop GPT" for the document types it reads (as the Linux .desktop entry); per user,
; removed on uninstall.
Root: HKA; Subkey: "Software\Classes\DesktopGPT.Document"; ValueType: string; ValueName: ""; ValueData: "Document (Desktop GPT)"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\DesktopGPT.Document\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\desktop-gpt.exe,0"
Root: HKA; Subkey: "Software\Classes\DesktopGPT.Document\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\desktop-gpt.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.pdf\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.txt\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.md\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.markdown\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.docx\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.docm\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.odt\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.ods\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.rtf\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.html\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.htm\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.xhtml\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.epub\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.pptx\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.pptm\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.xlsx\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.xlsm\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.csv\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.tsv\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.hwpx\OpenWithProgids"; ValueType: string; ValueName: "DesktopGPT.Document"; ValueData: ""; Flags: uninsdeletevalue

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\desktop-gpt.exe"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\desktop-gpt.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\desktop-gpt.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
