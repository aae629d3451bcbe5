package io.numbat.deployer.provider.shell;

import java.time.Duration;
import java.util.Map;

/**
 * The POSIX shell scripts that start and stop a node on a host, the same locally and over SSH.
 *
 * <p>Start: in {@code workDir}, with an Erlang node's cookie read from standard input (see {@link #cookie}), run
 * the node under {@code nohup} in the background with its output in
 * {@code NODE.log} and its pid in {@code NODE.pid}; print {@code pid=N}. An Erlang node counts as started
 * once epmd lists its name (the script fails with the log's tail if the process exits first, and kills it
 * if it has not registered by {@code startTimeout}); a command once its program exists and it is still
 * alive a moment later. The pid is the node's own process: {@code erl} execs the emulator.
 *
 * <p>Stop: SIGTERM, which an Erlang node answers with {@code init:stop()} (its default SIGTERM handler, OTP
 * 19.3 and later) and a JVM with its shutdown hooks; then SIGKILL if it is still alive after
 * {@code stopTimeout}. Prints {@code outcome=graceful}, {@code forced} or {@code gone} (it was not running).
 * A zombie (an exited child nobody reaped) counts as gone.
 */
public final class NodeScripts {
    private static final double TICK_SECONDS = 0.2;

    /** Whether pid $1 is running: /proc where there is one (to tell zombies), else kill -0. */
    private static final String ALIVE = "alive() { if [ -d /proc/self ]; then [ -r /proc/$1/status ] && "
            + "! grep -q '^State:[[:space:]]*Z' /proc/$1/status 2>/dev/null; else kill -0 $1 2>/dev/null; fi; }\n";

    /** Whether pid $1 runs node $2: its environment has NUMBAT_NODE=$2 (true where /proc cannot tell). */
    private static final String MINE =
            "mine() { [ ! -r /proc/$1/environ ] || tr '\\000' '\\n' < /proc/$1/environ 2>/dev/null "
                    + "| grep -qx \"NUMBAT_NODE=$2\"; }\n";

    private NodeScripts() {}

    /**
     * The start script; run it with {@link NodeLaunch#stdin()} on its standard input.
     *
     * @param epmd the epmd program (for Erlang runs: beside {@code erl})
     */
    public static String start(NodeLaunch launch, String workDir, String epmd, Duration startTimeout) {
        String node = launch.node();
        String log = ShellQuote.quote(node + ".log");
        StringBuilder s = new StringBuilder(ALIVE);
        s.append("mkdir -p ")
                .append(ShellQuote.quote(workDir))
                .append(" && cd ")
                .append(ShellQuote.quote(workDir))
                .append(" || { echo \"cannot use the work directory ")
                .append(workDir)
                .append("\"; exit 70; }\n");
        String program = launch.argv().get(0);
        s.append("command -v ")
                .append(ShellQuote.quote(program))
                .append(" >/dev/null 2>&1 || { echo \"")
                .append(program.replace("\"", ""))
                .append(": not found\"; exit 127; }\n");
        launch.epmdName()
                .ifPresent(name -> s.append("command -v ")
                        .append(ShellQuote.quote(epmd))
                        .append(" >/dev/null 2>&1 || { echo \"")
                        .append(epmd.replace("\"", ""))
                        .append(": not found (needed to see the node register)\"; exit 127; }\n")
                        .append("if ")
                        .append(ShellQuote.quote(epmd))
                        .append(" -names 2>/dev/null | grep -q ")
                        .append(ShellQuote.quote("^name " + name + " at port "))
                        .append("; then echo \"an Erlang node named ")
                        .append(name)
                        .append(" already runs on this host\"; exit 73; fi\n"));
        s.append(cookie(launch));
        for (Map.Entry<String, String> e : launch.env().entrySet()) {
            s.append(e.getKey())
                    .append('=')
                    .append(ShellQuote.quote(e.getValue()))
                    .append("; export ")
                    .append(e.getKey())
                    .append('\n');
        }
        s.append("nohup ")
                .append(ShellQuote.join(launch.argv()))
                .append(" > ")
                .append(log)
                .append(" 2>&1 < /dev/null &\n");
        s.append("pid=$!\necho $pid > ").append(ShellQuote.quote(node + ".pid")).append("\necho pid=$pid\n");
        s.append("fail() { echo \"$1; the last lines of ")
                .append(node)
                .append(".log:\"; tail -n 20 ")
                .append(log)
                .append("; exit $2; }\n");
        if (launch.epmdName().isPresent()) {
            String pattern = ShellQuote.quote("^name " + launch.epmdName().get() + " at port ");
            s.append("i=0\nwhile [ $i -lt ")
                    .append(ticks(startTimeout))
                    .append(" ]; do\n")
                    .append("  ")
                    .append(ShellQuote.quote(epmd))
                    .append(" -names 2>/dev/null | grep -q ")
                    .append(pattern)
                    .append(" && exit 0\n")
                    .append("  alive $pid || fail \"the node exited while starting\" 71\n")
                    .append("  sleep ")
                    .append(TICK_SECONDS)
                    .append("; i=$((i+1))\ndone\n")
                    .append("kill -KILL $pid 2>/dev/null\nfail \"the node did not register with epmd within ")
                    .append(startTimeout.toSeconds())
                    .append("s, killed\" 72\n");
        } else {
            s.append("sleep 0.5\nalive $pid || fail \"the command exited at once\" 71\n");
        }
        return s.toString();
    }

    /**
     * Reads the cookie from standard input (never from the script's text, which {@code ps} shows) and hands it
     * on: for {@code erl}, as {@code .erlang.cookie} (0400) in the fresh private directory {@code NODE.home}
     * (0700), made the node's {@code HOME}; for a release, in {@code RELX_COOKIE}.
     */
    private static String cookie(NodeLaunch launch) {
        if (launch.cookieVia() == NodeLaunch.CookieVia.NONE) {
            return "";
        }
        StringBuilder s = new StringBuilder(
                "IFS= read -r cookie || [ -n \"$cookie\" ] || { echo \"no cookie on standard input\"; exit 70; }\n");
        if (launch.cookieVia() == NodeLaunch.CookieVia.HOME) {
            String home = ShellQuote.quote(launch.node() + ".home");
            s.append("rm -rf ")
                    .append(home)
                    .append(" && ( umask 077 && mkdir ")
                    .append(home)
                    .append(" && printf '%s\\n' \"$cookie\" > ")
                    .append(home)
                    .append("/.erlang.cookie ) && chmod 400 ")
                    .append(home)
                    .append("/.erlang.cookie || { echo \"cannot write ")
                    .append(launch.node())
                    .append(".home/.erlang.cookie\"; exit 70; }\n")
                    .append("HOME=\"$(pwd)\"/")
                    .append(home)
                    .append("; export HOME\n");
        } else {
            s.append("RELX_COOKIE=$cookie; export RELX_COOKIE\n");
        }
        return s.append("unset cookie\n").toString();
    }

    /**
     * Stops process {@code pid}, node {@code node}: SIGTERM, then SIGKILL after {@code stopTimeout}. Where
     * {@code /proc} shows the process's environment, a process without {@code NUMBAT_NODE=node} (the pid was
     * reused after the node died) counts as gone and is left alone.
     */
    public static String stop(long pid, String node, Duration stopTimeout) {
        return ALIVE + MINE + "pid=" + pid + "\n"
                + "alive $pid && mine $pid " + ShellQuote.quote(node) + " || { echo outcome=gone; exit 0; }\n"
                + "kill -TERM $pid 2>/dev/null\n"
                + "i=0\nwhile alive $pid; do\n"
                + "  if [ $i -ge " + ticks(stopTimeout) + " ]; then\n"
                + "    kill -KILL $pid 2>/dev/null\n"
                + "    j=0; while alive $pid && [ $j -lt 100 ]; do sleep " + TICK_SECONDS + "; j=$((j+1)); done\n"
                + "    alive $pid && { echo \"pid $pid survived SIGKILL\"; exit 75; }\n"
                + "    echo outcome=forced; exit 0\n"
                + "  fi\n"
                + "  sleep " + TICK_SECONDS + "; i=$((i+1))\ndone\n"
                + "echo outcome=graceful\n";
    }

    /**
     * Finds a node launched earlier (by another deployer process) from its pid file in {@code workDir}:
     * prints {@code pid=N} only if that process is alive and its environment says {@code NUMBAT_NODE=node},
     * so a reused pid is never mistaken for the node. Prints nothing otherwise.
     */
    public static String find(String workDir, String node) {
        String pidFile = ShellQuote.quote(node + ".pid");
        return ALIVE + MINE + "cd " + ShellQuote.quote(workDir) + " 2>/dev/null || exit 0\n"
                + "[ -r " + pidFile + " ] || exit 0\n"
                + "pid=$(cat " + pidFile + ")\n"
                + "case $pid in ''|*[!0-9]*) exit 0;; esac\n"
                + "alive $pid && [ -r /proc/$pid/environ ] && mine $pid " + ShellQuote.quote(node)
                + " && echo pid=$pid\n"
                + "exit 0\n";
    }

    private static long ticks(Duration d) {
        return Math.max(1, (long) Math.ceil(d.toMillis() / (TICK_SECONDS * 1000)));
    }
}
