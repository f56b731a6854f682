#!/bin/sh
# Installs the project (and, with --test, what the tests need).
# Chinese fonts (and LibreOffice for the .docx conversion test) come from Debian
# where apt is available and we are root; elsewhere they are skipped.
set -e
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    # fonts-hanazono: Extension B and compatibility ideographs (𪚥, 﨑) the other two lack.
    pkgs="fonts-arphic-uming fonts-wqy-zenhei fonts-hanazono"
    [ "$1" = "--test" ] && pkgs="$pkgs poppler-utils libreoffice-writer-nogui"
    missing=""
    for p in $pkgs; do
        dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        echo "安装系统软件包：$missing"
        apt-get update -qq >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 \
            || echo "警告：系统软件包安装失败，将使用备用字体。" >&2
    fi
fi
if [ "$1" = "--test" ]; then
    $PY -m pip install -q -e ".[test]"
else
    $PY -m pip install -q -e .
fi
# Bytecode once, now: an editable install compiles nothing, and where PYTHONDONTWRITEBYTECODE
# is set every build would compile the whole package again (about 0.1 s a process).
$PY -m compileall -q generator >/dev/null
