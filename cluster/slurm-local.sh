#!/usr/bin/env bash
# slurm-local.sh start|stop — a one-node Slurm cluster on this machine, from
# Debian's packages (apt-get install slurm-wlm munge), for trying the sweep's
# job array (cluster/sweep.sbatch) without a real cluster; the end-to-end
# test starts and stops it. Run it as root. It stops only the daemons it
# started: a munged that was already running is left alone.
#
#   cluster/slurm-local.sh start     # prints the SLURM_CONF to export
#   export SLURM_CONF=/tmp/fireflies-slurm/slurm.conf
#   sbatch --wait --array=0-3 cluster/sweep.sbatch results -seeds 8 -until-sync
#   cluster/slurm-local.sh stop
#
# FIREFLIES_SLURM_DIR (default /tmp/fireflies-slurm) holds the configuration,
# the daemons' state and logs; FIREFLIES_SLURMCTLD_PORT and
# FIREFLIES_SLURMD_PORT (default 6817 and 6818) are their ports.
set -euo pipefail

dir=${FIREFLIES_SLURM_DIR:-/tmp/fireflies-slurm}
ctld_port=${FIREFLIES_SLURMCTLD_PORT:-6817}
d_port=${FIREFLIES_SLURMD_PORT:-6818}
conf=$dir/slurm.conf
export SLURM_CONF=$conf

fail() { echo "slurm-local: $*" >&2; exit 1; }

# wait_for CMD... runs CMD until it succeeds, for up to 30 s.
wait_for() {
	for _ in $(seq 150); do
		if "$@" >/dev/null 2>&1; then return 0; fi
		sleep 0.2
	done
	return 1
}

start_munge() {
	if [ ! -s /etc/munge/munge.key ]; then
		mungekey --create --keyfile /etc/munge/munge.key 2>/dev/null ||
			dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
	fi
	chown munge:munge /etc/munge/munge.key
	chmod 0400 /etc/munge/munge.key
	if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
		return # a munged is running already: not ours to stop
	fi
	mkdir -p /run/munge
	chown munge:munge /run/munge
	mkdir -p /var/log/munge /var/lib/munge
	chown munge:munge /var/log/munge /var/lib/munge
	runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/fireflies-munged.pid
	wait_for sh -c 'munge -n </dev/null | unmunge' || fail "munged did not start; see /var/log/munge/munged.log"
	wait_for test -s /run/munge/fireflies-munged.pid
	cp /run/munge/fireflies-munged.pid "$dir/munged.pid"
}

start() {
	[ "$(id -u)" = 0 ] || fail "run as root: slurmd runs the jobs as their users"
	for cmd in slurmctld slurmd sbatch munged; do
		command -v "$cmd" >/dev/null || fail "$cmd is missing: apt-get install slurm-wlm munge"
	done
	[ ! -e "$dir/slurmctld.pid" ] || fail "$dir holds a cluster already; run $0 stop first"
	mkdir -p "$dir/state" "$dir/spool"
	local host
	host=$(hostname -s)
	cat >"$conf" <<CONF
# A one-node cluster for cluster/slurm-local.sh.
ClusterName=fireflies
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
	start_munge
	slurmctld -f "$conf" || fail "slurmctld did not start; see $dir/slurmctld.log"
	wait_for scontrol ping || fail "slurmctld does not answer; see $dir/slurmctld.log"
	slurmd -f "$conf" || fail "slurmd did not start; see $dir/slurmd.log"
	wait_for sh -c '[ "$(sinfo -h -o %T | head -1)" = idle ]' ||
		fail "the node is not idle: $(sinfo -h -o %T 2>&1); see $dir/slurmd.log"
	echo "export SLURM_CONF=$conf"
}

# stop_pid FILE ends the daemon whose pid FILE holds, and waits for it.
stop_pid() {
	[ -s "$1" ] || return 0
	local pid
	pid=$(cat "$1")
	if kill "$pid" 2>/dev/null; then
		for _ in $(seq 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$1"
}

stop() {
	stop_pid "$dir/slurmd.pid"
	stop_pid "$dir/slurmctld.pid"
	if [ -s "$dir/munged.pid" ]; then
		stop_pid "$dir/munged.pid"
		rm -f /run/munge/fireflies-munged.pid
	fi
	rm -rf "$dir"
}

case ${1:-} in
start) start ;;
stop) stop ;;
*) fail "usage: $0 start|stop" ;;
esac
