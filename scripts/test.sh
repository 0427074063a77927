#!/usr/bin/env bash
# The one test command. Installs what the tests need when it is missing (Debian packages for the
# real interop peers and PostgreSQL, the npm packages of stun-turn/src/test/js and signaling/src/test/js),
# then runs the whole build with every test: unit tests (surefire) and interop tests against real peers (failsafe, *IT).
#
# Nothing is skipped: if a real peer cannot be had, this script stops with a non-zero exit and says
# which one; the Java tests would fail the same way. Extra arguments go to Maven, e.g.
#   scripts/test.sh -pl stun-turn -am -Dit.test=UclientInteropIT
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[test.sh] %s\n' "$*" >&2; }
die() {
    printf '[test.sh] ERROR: %s\n' "$*" >&2
    if [[ "${CI:-}" == "true" ]]; then
        printf '[test.sh] ERROR: CI=true and a real test peer is missing: failing rather than skipping.\n' >&2
    fi
    exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

# --- Debian packages: each listed with the commands that prove it is installed -------------------
missing=()
{ have turnutils_uclient && have turnutils_peer && have turnserver; } || missing+=(coturn)
have chromium || missing+=(chromium)
have firefox-esr || missing+=(firefox-esr)
have ffmpeg || missing+=(ffmpeg)
# An RFC 3489 ("classic STUN") client: ClassicStunClientIT.
have stun || missing+=(stun-client)
have certutil || missing+=(libnss3-tools)
# The firewalled-browser ITs: a network namespace with nftables inside it, our own tinyproxy, curl; the
# simulcast IT shapes its namespace's link with tc.
{ have ip && have tc; } || missing+=(iproute2)
have nft || missing+=(nftables)
have tinyproxy || missing+=(tinyproxy)
have curl || missing+=(curl)
have systemd-analyze || missing+=(systemd)
have promtool || missing+=(prometheus)
# The SFU load harness's side-by-side runs and bench's SfuLoadSmokeIT drive Janus's VideoRoom.
{ have janus && [[ -f /usr/lib/x86_64-linux-gnu/janus/plugins/libjanus_videoroom.so ]]; } || missing+=(janus)
# ...and put it in a network namespace of their own (iproute2, above), pinned with taskset (util-linux);
# the harness's Chromium probes get their 960x540 camera file from ffmpeg (above).
have taskset || missing+=(util-linux)
# The control plane's tests run against a real PostgreSQL (a throwaway cluster made with its initdb).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
{ have node && have npm; } || missing+=(nodejs npm)
have javac || missing+=(openjdk-17-jdk-headless)
[[ -x ./mvnw ]] || have mvn || missing+=(maven)

if ((${#missing[@]} > 0)); then
    say "installing Debian packages: ${missing[*]}"
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]]; then
        have sudo || die "need root (or sudo) to install: ${missing[*]}"
        sudo_cmd=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -q || die "apt-get update failed; cannot install ${missing[*]}"
    "${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}" </dev/null \
        || die "apt-get install failed for: ${missing[*]}"
fi

for cmd in turnutils_uclient turnutils_peer turnserver stun chromium firefox-esr ffmpeg certutil ip tc nft tinyproxy curl systemd-analyze promtool prometheus node npm javac janus taskset; do
    have "$cmd" || die "'$cmd' is still missing after installing packages"
done
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null \
    || die "PostgreSQL's initdb is still missing after installing postgresql (signaling's database tests need it)"
# playwright-core needs Node.js 20 or newer (Debian 12's own nodejs is 18).
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= 20)) || die "Node.js $(node --version) is too old for playwright-core: install Node.js 20 or newer"

# --- npm packages of the real peers: playwright-core drives the Debian chromium, puppeteer-core the Debian
# firefox-esr (over WebDriver BiDi; neither downloads a browser), werift is a WebRTC stack in Node.js ----
# npm is configured here to keep download addresses out of package-lock.json; ci installs exactly it.
say "npm ci in stun-turn/src/test/js"
(
    cd stun-turn/src/test/js
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error </dev/null
) || die "npm ci failed in stun-turn/src/test/js (playwright-core, puppeteer-core and werift are needed by the browser ITs and relay-core's ChromiumNegotiationTest)"
for module in playwright-core puppeteer-core werift ws; do
    [[ -f stun-turn/src/test/js/node_modules/$module/package.json ]] \
        || die "$module did not install in stun-turn/src/test/js/node_modules"
done

# --- the official Cloudflare SDK that RealtimeKitSdkIT drives against the control plane -------------
say "npm ci in signaling/src/test/js"
(
    cd signaling/src/test/js
    npm ci --no-audit --no-fund --loglevel=error </dev/null
) || die "npm ci failed in signaling/src/test/js (the cloudflare SDK is needed by RealtimeKitSdkIT)"
[[ -f signaling/src/test/js/node_modules/cloudflare/package.json ]] \
    || die "cloudflare did not install in signaling/src/test/js/node_modules"

# --- the build ------------------------------------------------------------------------------------
if [[ -x ./mvnw ]]; then
    maven=(./mvnw)
else
    say "./mvnw not found; using the system mvn"
    maven=(mvn)
fi
say "${maven[*]} -B verify $*"
exec "${maven[@]}" -B verify "$@"
