#!/usr/bin/env bash
# Starts a real single-node Slurm cluster on this machine (Debian's slurm-wlm + munge) for the
# Slurm executor's integration tests: munged, slurmctld and slurmd run directly (no systemd, so it
# works as root in a container), with a minimal slurm.conf for localhost. Idempotent: a cluster
# that already answers `sinfo` with an idle node is left as it is. Needs root.
set -euo pipefail

CONF_DIR=/etc/slurm
CONF=$CONF_DIR/slurm.conf
STATE=/var/spool/slurmctld
SPOOL=/var/spool/slurmd
LOGS=/var/log/slurm

for bin in munged slurmctld slurmd sinfo; do
  command -v "$bin" >/dev/null 2>&1 || { echo "start-cluster: $bin not found; install it with: apt-get install -y slurm-wlm munge" >&2; exit 1; }
done

node_state() { sinfo -h -N -n localhost -o '%T' 2>/dev/null | head -1 || true; }

if [ "$(node_state)" = "idle" ] || [ "$(node_state)" = "mixed" ] || [ "$(node_state)" = "allocated" ]; then
  echo "start-cluster: already up ($(node_state))"
  exit 0
fi

mkdir -p "$CONF_DIR" "$STATE" "$SPOOL" "$LOGS" /run/munge /var/lib/munge /var/log/munge
cpus=$(nproc)
# Leave 512 MiB for the OS; slurmd refuses a node that claims more memory than it has.
mem_mb=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) - 512 ))

cat >"$CONF" <<CONF
# Written by test/slurm/start-cluster.sh: a one-node test cluster, not a production config.
ClusterName=sweeplab-test
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$STATE
SlurmdSpoolDir=$SPOOL
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
# Without slurmdbd there is no sacct history: finished jobs are read from squeue --states=all, which
# keeps them for MinJobAge seconds (an hour here, so a test run never loses one).
MinJobAge=3600
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
# The time-limit test needs a kill soon after the limit, not the default 30 s grace.
KillWait=2
OverTimeLimit=0
InactiveLimit=0
SlurmctldTimeout=30
SlurmdTimeout=30
# Two stand-in GPUs (gres.conf below), so a GPU trial's --gres=gpu:N is scheduled and Slurm sets
# CUDA_VISIBLE_DEVICES on the node exactly as on a GPU cluster.
GresTypes=gpu
NodeName=localhost CPUs=$cpus RealMemory=$mem_mb Gres=gpu:2 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
# Slurm hands out GPUs by device file; /dev/null and /dev/zero stand in for /dev/nvidia0 and 1 (task/none
# confines nothing, so no job can tell, but Slurm's accounting and CUDA_VISIBLE_DEVICES are the real ones).
cat >"$CONF_DIR/gres.conf" <<'CONF'
NodeName=localhost Name=gpu File=/dev/null
NodeName=localhost Name=gpu File=/dev/zero
CONF
# proctrack/linuxproc and task/none need no cgroups (a container may not delegate them); slurmd
# 22.05 fails to start with a cgroup.conf that names a plugin it cannot load.
rm -f "$CONF_DIR/cgroup.conf"

if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
chmod 0700 /etc/munge
chmod 0400 /etc/munge/munge.key

if ! pgrep -x munged >/dev/null; then
  su -s /bin/sh munge -c 'munged --force'
fi
pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd -N localhost

for _ in $(seq 1 60); do
  state=$(node_state)
  case "$state" in
    idle|mixed|allocated)
      echo "start-cluster: node localhost is $state"
      sinfo
      exit 0
      ;;
    down*|drain*)
      scontrol update NodeName=localhost State=RESUME >/dev/null 2>&1 || true
      ;;
  esac
  sleep 1
done
echo "start-cluster: the node did not become idle in 60 s; logs in $LOGS" >&2
sinfo >&2 || true
tail -n 20 "$LOGS/slurmctld.log" "$LOGS/slurmd.log" >&2 || true
exit 1
