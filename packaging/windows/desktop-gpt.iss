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

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\desktop-gpt.exe"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\desktop-gpt.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\desktop-gpt.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
