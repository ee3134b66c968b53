# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Shared helpers for tools/vm/{setup,run,build-module,check-symbols}.
# Sourced, not run.
#
# Which kernel: the one Debian's linux-headers-amd64 metapackage points at
# (installed if it is, else the archive's candidate), found at run time;
# FENCEPOST_KABI=<abi> (e.g. "6.1.0-56-amd64") picks another installed
# linux-headers-<abi> instead. The module is built against those headers and
# booted on the linux-image package of exactly the same Debian version, so
# vermagic and the symbol CRCs match.
#
# Where: FENCEPOST_VM_CACHE, else $XDG_CACHE_HOME/fencepost/vm, else
# ~/.cache/fencepost/vm; one directory per kernel, <abi>_<version>/.

# shellcheck disable=SC2034 # the variables are for the scripts that source this
VM_TOOLS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VM_SRCDIR=$(cd "$VM_TOOLS_DIR/../.." && pwd)
VM_FLAVOUR=amd64

# The modules a boot may want beside ours (their dependencies come along).
VM_DEFAULT_MODULES="vgem"

# Exit status for "the harness failed", as opposed to "the test failed".
VM_HARD_ERROR=99

vm_prog=${0##*/}

vm_say() { printf '%s: %s\n' "$vm_prog" "$*" >&2; }
vm_die() { vm_say "error: $*"; exit "$VM_HARD_ERROR"; }

vm_cache_root()
{
	if [ -n "${FENCEPOST_VM_CACHE:-}" ]; then
		printf '%s\n' "$FENCEPOST_VM_CACHE"
	else
		printf '%s\n' "${XDG_CACHE_HOME:-$HOME/.cache}/fencepost/vm"
	fi
}

# The first package named by a metapackage's Depends: ("pkg (= ver), ...").
vm_first_dep()
{
	sed -e 's/,.*//' -e 's/[[:space:]]*(.*//' -e 's/[[:space:]]//g'
}

vm_pkg_installed()
{
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

# Kernel ABI name, e.g. 6.1.0-56-amd64.
vm_kabi()
{
	local meta=linux-headers-$VM_FLAVOUR pkg

	if [ -n "${FENCEPOST_KABI:-}" ]; then
		printf '%s\n' "$FENCEPOST_KABI"
		return
	fi
	if vm_pkg_installed "$meta"; then
		pkg=$(dpkg-query -W -f='${Depends}' "$meta" | vm_first_dep)
	else
		pkg=$(apt-cache depends "$meta" 2>/dev/null |
		      sed -n 's/^[[:space:]]*Depends:[[:space:]]*//p' | head -n1)
	fi
	case $pkg in
	linux-headers-*) printf '%s\n' "${pkg#linux-headers-}" ;;
	*) return 1 ;;
	esac
}

# Debian version of the installed linux-headers-<abi>, e.g. 6.1.192-2.
vm_kver()
{
	# Empty, not a failure, when it is not installed: the caller says so.
	dpkg-query -W -f='${Version}' "linux-headers-$1" 2>/dev/null || true
}

# The headers' build directory for an ABI.
vm_kdir()
{
	printf '%s\n' "/lib/modules/$1/build"
}

# Sets KABI, KVER, KDIR and KCACHE (this kernel's cache directory), or fails
# with a hint to run tools/vm/setup.
vm_kernel_env()
{
	KABI=$(vm_kabi) || vm_die "cannot tell the kernel: is linux-headers-$VM_FLAVOUR known to apt? (run tools/vm/setup)"
	KVER=$(vm_kver "$KABI")
	[ -n "$KVER" ] || vm_die "linux-headers-$KABI is not installed (run tools/vm/setup)"
	KDIR=$(vm_kdir "$KABI")
	[ -f "$KDIR/Makefile" ] || vm_die "no kernel build tree at $KDIR (run tools/vm/setup)"
	KCACHE="$(vm_cache_root)/${KABI}_${KVER}"
}

# Whether the kernel cache holds the image and every module in "$@".
vm_cache_complete()
{
	local m

	[ -f "$KCACHE/vmlinuz" ] && [ -f "$KCACHE/.complete" ] || return 1
	for m in "$@"; do
		grep -qx "$m" "$KCACHE/modules.wanted" 2>/dev/null || return 1
	done
}
