package io.numbat.deployer.provider.shell;

import io.numbat.deployer.config.FamilyConfig;
import io.numbat.deployer.config.Run;
import io.numbat.deployer.provider.ProviderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to run for one node on one host, from its family's {@link Run}: the program and arguments, the
 * environment, and for Erlang runs the full node name. Numbat node {@code web-7} on a host whose Erlang
 * host name is {@code h} is the Erlang node {@code web-7@h} ({@code -sname}), so names are unique per host
 * exactly when Numbat node names are. Plain Java.
 *
 * <ul>
 * <li>{@code erl}: {@code erl -sname web-7@h -noinput ARGS...} with {@code HOME} a private directory holding
 * the cookie as {@code .erlang.cookie} (mode 0400)</li>
 * <li>{@code release}: {@code SCRIPT foreground} with {@code RELX_NODE_NAME=web-7@h} and {@code RELX_COOKIE}
 * (a rebar3/relx start script whose {@code vm.args} uses {@code -sname})</li>
 * <li>{@code command}: the argv as written</li>
 * </ul>
 * Every run also gets {@code NUMBAT_NODE} and {@code NUMBAT_FAMILY} in its environment. The cookie is in neither
 * {@link #argv} nor {@link #env}: the start script reads it from its standard input ({@link #cookieVia}), so
 * that no command line on the host ({@code ps}) shows it.
 */
public record NodeLaunch(
        String node,
        Optional<String> erlangName,
        List<String> argv,
        Map<String, String> env,
        Optional<String> cookie,
        CookieVia cookieVia) {
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

    /** How the node gets its cookie without it appearing on any command line. */
    public enum CookieVia {
        /** No cookie: not an Erlang run. */
        NONE,
        /** {@code HOME} is a private directory ({@code NODE.home} in the work directory) with {@code .erlang.cookie}. */
        HOME,
        /** The environment variable {@code RELX_COOKIE}, which relx start scripts read. */
        RELX_COOKIE
    }

    public NodeLaunch {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /**
     * @param erlangHost the host part of the node name ({@code localhost}, or the host's short name)
     * @param erl        the {@code erl} program to use for {@code erl} runs
     * @param cookie     the family's cookie (required for Erlang runs)
     */
    public static NodeLaunch of(
            String node, FamilyConfig family, String erlangHost, String erl, Optional<String> cookie) {
        if (!NODE_NAME.matcher(node).matches()) {
            throw new ProviderException("node name '" + node + "' cannot be an Erlang node name or file name: "
                    + "use letters, digits, '_', '.', '-'");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NUMBAT_NODE", node);
        env.put("NUMBAT_FAMILY", family.name());
        Run run = family.run();
        if (!run.erlang()) {
            return new NodeLaunch(
                    node, Optional.empty(), ((Run.Command) run).argv(), env, Optional.empty(), CookieVia.NONE);
        }
        if (cookie.isEmpty()) {
            throw new ProviderException("family " + family.name() + " runs Erlang nodes but has no cookieFile");
        }
        String fullName = node + "@" + erlangHost;
        List<String> argv = new ArrayList<>();
        if (run instanceof Run.Erl e) {
            argv.addAll(List.of(erl, "-sname", fullName, "-noinput"));
            argv.addAll(e.args());
            return new NodeLaunch(node, Optional.of(fullName), argv, env, cookie, CookieVia.HOME);
        }
        argv.addAll(List.of(((Run.Release) run).startScript(), "foreground"));
        env.put("RELX_NODE_NAME", fullName);
        return new NodeLaunch(node, Optional.of(fullName), argv, env, cookie, CookieVia.RELX_COOKIE);
    }

    /** What the start script reads on its standard input: the cookie's line, or nothing. */
    public String stdin() {
        return cookie.map(c -> c + "\n").orElse("");
    }

    /** The short name epmd lists for this node ({@code web-7}), for Erlang runs. */
    public Optional<String> epmdName() {
        return erlangName.map(n -> n.substring(0, n.indexOf('@')));
    }

    /** {@code text} with the cookie replaced by {@code ***}: for anything that may be logged or shown. */
    public String redact(String text) {
        return cookie.map(c -> text.replace(c, "***")).orElse(text);
    }

    @Override
    public String toString() {
        return redact("NodeLaunch[" + node + ", " + argv + "]");
    }
}
