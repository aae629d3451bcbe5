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
 * <li>{@code erl}: {@code erl -sname web-7@h -setcookie COOKIE -noinput ARGS...}</li>
 * <li>{@code release}: {@code SCRIPT foreground} with {@code RELX_NODE_NAME=web-7@h} and {@code RELX_COOKIE}
 * (a rebar3/relx start script whose {@code vm.args} uses {@code -sname})</li>
 * <li>{@code command}: the argv as written</li>
 * </ul>
 * Every run also gets {@code NUMBAT_NODE} and {@code NUMBAT_FAMILY} in its environment.
 */
public record NodeLaunch(String node, Optional<String> erlangName, List<String> argv, Map<String, String> env,
        Optional<String> cookie) {
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

    public NodeLaunch {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /**
     * @param erlangHost the host part of the node name ({@code localhost}, or the host's short name)
     * @param erl        the {@code erl} program to use for {@code erl} runs
     * @param cookie     the family's cookie (required for Erlang runs)
     */
    public static NodeLaunch of(String node, FamilyConfig family, String erlangHost, String erl, Optional<String> cookie) {
        if (!NODE_NAME.matcher(node).matches()) {
            throw new ProviderException("node name '" + node + "' cannot be an Erlang node name or file name: "
                    + "use letters, digits, '_', '.', '-'");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NUMBAT_NODE", node);
        env.put("NUMBAT_FAMILY", family.name());
        Run run = family.run();
        if (!run.erlang()) {
            return new NodeLaunch(node, Optional.empty(), ((Run.Command) run).argv(), env, Optional.empty());
        }
        String secret = cookie.orElseThrow(() -> new ProviderException("family " + family.name()
                + " runs Erlang nodes but has no cookieFile"));
        String fullName = node + "@" + erlangHost;
        List<String> argv = new ArrayList<>();
        if (run instanceof Run.Erl e) {
            argv.addAll(List.of(erl, "-sname", fullName, "-setcookie", secret, "-noinput"));
            argv.addAll(e.args());
        } else {
            argv.addAll(List.of(((Run.Release) run).startScript(), "foreground"));
            env.put("RELX_NODE_NAME", fullName);
            env.put("RELX_COOKIE", secret);
        }
        return new NodeLaunch(node, Optional.of(fullName), argv, env, cookie);
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
