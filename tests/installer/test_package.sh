#!/usr/bin/env bash
# Builds the Debian package with CPack, inspects it, installs it into a throw-away root and runs what it
# installed: promptune-cli info, and a start of the GUI under xvfb-run until its window is mapped.
# With PROMPTUNE_TEST_SYSTEM_INSTALL=1 (set by .ci/run on its throw-away machine, as root) it also installs
# the package with apt-get, which must resolve every dependency from Debian, and runs /usr/bin's programs.
# usage: test_package.sh BUILD_DIR VERSION
set -euo pipefail
build=$(realpath "$1")
version=$2
app_id=io.github.promptune.Promptune
work="$build/installer-test"
rm -rf "$work"
mkdir -p "$work"
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

echo "== cpack"
(cd "$build" && cpack -G DEB -B "$work" >"$work/cpack.log" 2>&1) || {
  cat "$work/cpack.log" >&2
  echo "FAIL: cpack did not build the package" >&2
  exit 1
}
deb="$work/promptune_${version}_$(dpkg --print-architecture).deb"
[[ -f "$deb" ]] || {
  ls "$work" >&2
  echo "FAIL: no $deb" >&2
  exit 1
}
echo "package: $deb ($(du -h "$deb" | cut -f1))"

echo "== dpkg-deb -c: files"
dpkg-deb -c "$deb" | awk '{print $6}' >"$work/contents.txt"
expected=(
  ./usr/bin/promptune ./usr/bin/promptune-cli
  ./usr/share/applications/$app_id.desktop
  ./usr/share/metainfo/$app_id.metainfo.xml
  ./usr/share/mime/packages/$app_id.xml
  ./usr/share/icons/hicolor/scalable/apps/$app_id.svg
  ./usr/share/man/man1/promptune.1.gz ./usr/share/man/man1/promptune-cli.1.gz
  ./usr/share/promptune/translations/promptune_zh_CN.qm ./usr/share/promptune/translations/promptune_en.qm
  ./usr/share/doc/promptune/INSTALL.md
)
for size in 16 24 32 48 64 128 256 512; do expected+=("./usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"); done
for path in "${expected[@]}"; do grep -qxF "$path" "$work/contents.txt" || fail "the package lacks $path"; done
if grep -E '^\./usr/(lib|include)/|/tests?/|bench' "$work/contents.txt"; then fail "the package holds build or test files"; fi

echo "== dpkg-deb -I: control"
dpkg-deb -f "$deb" Package Version Architecture Depends | tee "$work/control.txt"
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "package version is not $version"
depends=$(dpkg-deb -f "$deb" Depends)
# dpkg-shlibdeps' finds (linked libraries) and the by-hand run-time plug-ins.
for package in libqt6widgets6 libqt6opengl6 libqt6svg6 libqcustomplot libtorch libopencv-imgcodec libopenblas0-pthread \
  qt6-qpa-plugins libgl1-mesa-dri; do
  grep -q "$package" <<<"$depends" || fail "Depends lacks $package"
done

echo "== extract into a throw-away root"
root="$work/root"
dpkg-deb -x "$deb" "$root"
cli="$root/usr/bin/promptune-cli"
gui="$root/usr/bin/promptune"
[[ $("$cli" --version) == "promptune-cli $version" ]] || fail "promptune-cli --version does not say $version"
[[ $("$gui" --version) == "promptune $version" ]] || fail "promptune --version does not say $version"
"$cli" info >"$work/info.txt" || fail "the installed promptune-cli info failed"
grep -q "$version" "$work/info.txt" || fail "promptune-cli info does not show $version"
file "$gui" | grep -q "stripped" && ! file "$gui" | grep -q "not stripped" || fail "promptune is not stripped"

echo "== desktop entry, AppStream, MIME, manual pages"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$root/usr/share/applications/$app_id.desktop" || fail "desktop-file-validate"
fi
grep -qx "Exec=promptune %f" "$root/usr/share/applications/$app_id.desktop" || fail "desktop Exec line"
appstreamcli validate --no-net "$root/usr/share/metainfo/$app_id.metainfo.xml" || fail "appstreamcli validate"
grep -q "release version=\"$version\"" "$root/usr/share/metainfo/$app_id.metainfo.xml" || fail "metainfo release is not $version"
cp -r "$root/usr/share/mime" "$work/mime"
update-mime-database "$work/mime" >/dev/null 2>&1 || fail "update-mime-database refused the MIME file"
grep -q "application/x-promptune-session+json:\*\.promptune\.json" "$work/mime/globs2" || fail "session MIME glob"
grep -q "application/x-promptune-prompt:\*\.prompt\.safetensors" "$work/mime/globs2" || fail "prompt MIME glob"
for mime in application/x-promptune-session+json application/x-promptune-prompt; do
  grep -q "MimeType=.*$mime;" "$root/usr/share/applications/$app_id.desktop" || fail "the desktop entry does not open $mime"
done
for page in promptune promptune-cli; do
  if command -v groff >/dev/null; then
    warnings=$(zcat "$root/usr/share/man/man1/$page.1.gz" | groff -man -Tutf8 -ww -z 2>&1)
    [[ -z "$warnings" ]] || fail "groff warns about $page.1: $warnings"
  fi
  zgrep -q "$version" "$root/usr/share/man/man1/$page.1.gz" || fail "$page.1 does not name $version"
done
commands=$("$cli" help | awk '/^commands:/{on=1;next} on && !NF{exit} on && $1 != "help"{print $1}')
[[ $(wc -w <<<"$commands") -ge 10 ]] || fail "could not read the command list from promptune-cli help"
for command in $commands; do
  zgrep -qF ".SS ${command//-/\\-}" "$root/usr/share/man/man1/promptune-cli.1.gz" ||
    fail "promptune-cli.1 lacks the command $command"
done

# Starts a GUI binary under Xvfb and waits until a top-level window titled Promptune is mapped.
start_gui() {
  local binary=$1 log=$2
  XDG_CONFIG_HOME="$work/config" xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    QT_QPA_PLATFORM=xcb "$0" >"$1" 2>&1 & pid=$!
    for _ in $(seq 60); do
      if xwininfo -root -tree | grep -q "\"Promptune"; then kill $pid; wait $pid; exit 0; fi
      kill -0 $pid 2>/dev/null || exit 3
      sleep 0.5
    done
    kill $pid; exit 4' "$binary" "$log"
}
echo "== GUI start under xvfb-run"
start_gui "$gui" "$work/gui.log" || {
  cat "$work/gui.log" >&2
  fail "the extracted GUI did not show its window"
}

if [[ "${PROMPTUNE_TEST_SYSTEM_INSTALL:-0}" == 1 ]]; then
  echo "== apt-get install (system)"
  if [[ $(id -u) != 0 ]]; then
    fail "PROMPTUNE_TEST_SYSTEM_INSTALL=1 needs root"
  elif DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >"$work/apt.log" 2>&1; then
    [[ $(/usr/bin/promptune-cli --version) == "promptune-cli $version" ]] || fail "/usr/bin/promptune-cli --version"
    /usr/bin/promptune-cli info >/dev/null || fail "/usr/bin/promptune-cli info"
    start_gui /usr/bin/promptune "$work/gui-system.log" || fail "/usr/bin/promptune did not show its window"
    dpkg -s promptune | grep -q "Status: install ok installed" || fail "dpkg does not list promptune as installed"
  else
    cat "$work/apt.log" >&2
    fail "apt-get install $deb"
  fi
elif apt-get install -s "$deb" >"$work/apt-simulate.log" 2>&1; then
  echo "apt-get install -s: every dependency resolves"
else
  cat "$work/apt-simulate.log" >&2
  fail "apt-get install -s $deb: the dependencies do not resolve"
fi

((failures == 0)) || {
  echo "$failures check(s) failed" >&2
  exit 1
}
echo "package checks passed"
