; Inno Setup 6 script of Kecamatan TKSK: the setup.exe clerks run (docs/installer.md).
;
; Compiled by installer/build.py after PyInstaller, which passes the version and folders:
;   ISCC.exe /DAppVersion=0.1.0 /DBundleDir=<repo>\dist\KecamatanTKSK /DOutputDir=<repo>\dist
;            installer\kecamatan_tksk.iss
; Result: dist\KecamatanTKSK-Setup-<version>.exe
;
; - Installs for the current user without administrator rights (into
;   %LOCALAPPDATA%\Programs\Kecamatan TKSK); the first page offers "install for all users"
;   to those who have the rights, and IT scripts may pass /ALLUSERS.
; - The fixed AppId makes a newer setup.exe upgrade the same installation in place; the old
;   program folder _internal is emptied first, so no file of the old version stays behind.
; - The data (database, attachments, backups, logs) live in %LOCALAPPDATA%\KecamatanTKSK,
;   outside the program folder, and survive upgrades. Uninstalling keeps them unless the user
;   answers "Ya" to the question whether to delete them too (the default answer is "Tidak").

#ifndef AppVersion
  #error AppVersion belum diberikan: jalankan lewat installer/build.py (atau ISCC /DAppVersion=...)
#endif
#ifndef AppVersionNum
  ; numbers only (Windows file version), e.g. 0.2.0 for 0.2.0rc1
  #define AppVersionNum AppVersion
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\KecamatanTKSK"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif

#define AppName "Kecamatan TKSK"
#define AppExe "KecamatanTKSK.exe"
; platformdirs.user_data_dir("KecamatanTKSK", appauthor=False) on Windows (kecamatan_app/config.py)
#define DataFolder "KecamatanTKSK"

; Indonesian is one of Inno Setup's unofficial translations: it is not installed with Inno Setup.
; Put Indonesian.isl either beside this script or into Inno Setup's Languages folder.
#if FileExists(AddBackslash(SourcePath) + "Indonesian.isl")
  #define IndonesianIsl "Indonesian.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Indonesian.isl")
  #define IndonesianIsl "compiler:Languages\Indonesian.isl"
#else
  #error Indonesian.isl tidak ditemukan: unduh dari https://jrsoftware.org/files/istrans/ lalu simpan di folder installer\ atau di folder Languages Inno Setup (lihat docs/installer.md).
#endif

[Setup]
AppId={{430D9F1E-0D7A-4201-BD21-52C7A3F3C606}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Kecamatan TKSK
AppComments=Aplikasi kantor kecamatan untuk Tenaga Kesejahteraan Sosial Kecamatan (TKSK)
VersionInfoVersion={#AppVersionNum}
VersionInfoProductName={#AppName}
VersionInfoDescription=Penginstal {#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
PrivilegesRequired=lowest
; dialog: the first page offers "all users"; commandline: /ALLUSERS or /CURRENTUSER
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 and later
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=KecamatanTKSK-Setup-{#AppVersion}
SetupIconFile=..\kecamatan_app\resources\icons\kecamatan-tksk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; upgrading: close a running Kecamatan TKSK (Restart Manager) before replacing its files
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
Name: "id"; MessagesFile: "{#IndonesianIsl}"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
id.IkonDesktop=Buat ikon di &desktop
id.IkonTambahan=Ikon tambahan:
id.Jalankan=Jalankan {#AppName} sekarang
id.Copot=Copot {#AppName}
id.HapusData=Hapus juga folder data {#AppName}?%n%n%1%n%nFolder ini berisi basis data, lampiran (berkas dan foto), cadangan dan log kantor Anda. Data yang dihapus tidak dapat dikembalikan.%n%nPilih "Tidak" (disarankan) untuk menyimpannya, misalnya bila aplikasi akan dipasang lagi atau dipindahkan ke komputer lain.
id.DataDisimpan=Folder data tetap disimpan:%n%1
en.IkonDesktop=Create a &desktop shortcut
en.IkonTambahan=Additional shortcuts:
en.Jalankan=Start {#AppName} now
en.Copot=Uninstall {#AppName}
en.HapusData=Also delete the {#AppName} data folder?%n%n%1%n%nIt holds your office's database, attachments (documents and photos), backups and logs. Deleted data cannot be recovered.%n%nChoose "No" (recommended) to keep it, e.g. when the application will be installed again or moved to another computer.
en.DataDisimpan=The data folder is kept:%n%1

[Tasks]
Name: "desktopicon"; Description: "{cm:IkonDesktop}"; GroupDescription: "{cm:IkonTambahan}"; Flags: unchecked

[InstallDelete]
; an upgrade replaces the whole bundle: files of the old version must not linger
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "{cm:Jalankan}"
Name: "{group}\{cm:Copot}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:Jalankan}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Python may leave caches in the program folder; the data folder is handled in [Code] below
Type: filesandordirs; Name: "{app}\_internal"

[Code]
function DataPath(): String;
begin
  Result := ExpandConstant('{localappdata}\{#DataFolder}');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Folder: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  Folder := DataPath();
  if not DirExists(Folder) then
    Exit;
  { silent uninstall (e.g. by an IT person's script): always keep the data }
  if UninstallSilent then
    Exit;
  if SuppressibleMsgBox(FmtMessage(CustomMessage('HapusData'), [Folder]), mbConfirmation,
                        MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES then
  begin
    DelTree(Folder, True, True, True);
    { window positions and other Qt settings of the app, if any were written to the registry }
    RegDeleteKeyIncludingSubkeys(HKCU, 'Software\{#DataFolder}');
  end
  else
    Log(FmtMessage(CustomMessage('DataDisimpan'), [Folder]));
end;
