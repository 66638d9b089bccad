package e2e

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// needSlurm skips without Debian's slurm-wlm and munge, or without root
// (slurmd runs the jobs as their users), except in CI, where the Slurm
// test must run rather than pass unseen.
func needSlurm(t *testing.T) {
	t.Helper()
	skip := func(why string) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s; CI must run the Slurm test (apt-get install slurm-wlm munge, as root)", why)
		}
		t.Skipf("%s: apt-get install slurm-wlm munge and run as root to run the Slurm test", why)
	}
	for _, cmd := range []string{"slurmctld", "slurmd", "sbatch", "munged"} {
		if _, err := exec.LookPath(cmd); err != nil {
			// The daemons live in /usr/sbin, which a user's PATH may lack.
			if _, err := os.Stat("/usr/sbin/" + cmd); err != nil {
				skip(cmd + " is missing")
			}
		}
	}
	if os.Geteuid() != 0 {
		skip("not root")
	}
}

// freePorts returns n TCP ports that nothing listens on now, for the
// cluster's daemons, so that the test's cluster meets no other.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	var ls []net.Listener
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// TestSlurmJobArray runs the repository's sbatch script as a job array on
// a one-node Slurm cluster that cluster/slurm-local.sh starts from Debian's
// packages, and stops: the array's shards, merged by its last task, are
// the sweep run on one machine and merged.
func TestSlurmJobArray(t *testing.T) {
	needSlurm(t)
	bin := headlessBin.get(t)
	dir := t.TempDir()
	script, err := filepath.Abs(filepath.Join(root, "cluster"))
	if err != nil {
		t.Fatal(err)
	}
	ports := freePorts(t, 2)
	env := append(os.Environ(),
		"PATH="+os.Getenv("PATH")+":/usr/sbin:/sbin",
		"FIREFLIES_SLURM_DIR="+filepath.Join(dir, "slurm"),
		"FIREFLIES_SLURMCTLD_PORT="+strconv.Itoa(ports[0]),
		"FIREFLIES_SLURMD_PORT="+strconv.Itoa(ports[1]),
		"SLURM_CONF="+filepath.Join(dir, "slurm", "slurm.conf"),
		"FIREFLIES="+bin,
	)
	cluster := func(what string) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, filepath.Join(script, "slurm-local.sh"), what)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			logs, _ := exec.Command("sh", "-c", "tail -n 20 "+filepath.Join(dir, "slurm", "*.log")).CombinedOutput()
			t.Fatalf("slurm-local.sh %s: %v\n%s\n%s", what, err, out, logs)
		}
	}
	// Stopping stops whatever of it started, so it is due even if
	// starting fails half-way.
	t.Cleanup(func() { cluster("stop") })
	cluster("start")

	out := filepath.Join(dir, "out")
	args := append([]string{"--wait", "--array=0-3", "--chdir=" + dir, filepath.Join(script, "sweep.sbatch"), out}, studySpec[1:]...)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sbatch", args...)
	cmd.Env = env
	if b, err := cmd.CombinedOutput(); err != nil {
		logs, _ := exec.Command("sh", "-c", "cat "+filepath.Join(dir, "slurm-*.out")).CombinedOutput()
		t.Fatalf("sbatch %v: %v\n%s\n%s", args, err, b, logs)
	}
	for k := range 4 {
		if _, err := os.Stat(filepath.Join(out, "shard-"+strconv.Itoa(k)+".csv")); err != nil {
			t.Errorf("task %d left no shard: %v", k, err)
		}
	}
	got, err := os.ReadFile(filepath.Join(out, "merged.csv"))
	if err != nil {
		t.Fatalf("the array did not merge its shards: %v", err)
	}

	// The same sweep on this machine, merged.
	local := filepath.Join(dir, "local.csv")
	sweepRows(t, nil, local)
	stdout, stderr, code := runHeadless(t, "merge", local)
	if code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	if !bytes.Equal(got, []byte(stdout)) {
		t.Errorf("the job array's merged rows:\n%s\nwant the sweep's:\n%s", got, stdout)
	}
	if n := bytes.Count(got, []byte("\n")); n != 1+8 {
		t.Errorf("merged.csv has %d lines, want the header and 8 rows", n)
	}
}
