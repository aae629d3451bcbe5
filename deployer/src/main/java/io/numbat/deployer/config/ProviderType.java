package io.numbat.deployer.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of provider the deployer knows, each with the settings it takes. */
public enum ProviderType {
    /**
     * OS processes on this machine. {@code workDir} holds their logs and pid files (default: a
     * temporary directory); {@code erl} is the program for Erlang runs (default {@code erl} on the PATH);
     * {@code startTimeout} bounds the wait for a new Erlang node to register with epmd (default 60s);
     * {@code stopTimeout} is how long a stopping node gets before it is killed (default 15s).
     */
    LOCAL(
            "local",
            List.of(
                    SettingSpec.optional("workDir", SettingSpec.Kind.STRING),
                    SettingSpec.optional("erl", SettingSpec.Kind.STRING),
                    SettingSpec.optional("startTimeout", SettingSpec.Kind.DURATION),
                    SettingSpec.optional("stopTimeout", SettingSpec.Kind.DURATION))),
    /**
     * The same on remote hosts over SSH, as {@code user} with the private key {@code keyFile}; host keys
     * are checked against {@code knownHosts} (default {@code ~/.ssh/known_hosts}); {@code workDir} is on
     * the remote hosts (default {@code numbat-nodes} under the user's home).
     */
    SSH(
            "ssh",
            List.of(
                    SettingSpec.required("hosts", SettingSpec.Kind.STRING_LIST),
                    SettingSpec.required("user", SettingSpec.Kind.STRING),
                    SettingSpec.required("keyFile", SettingSpec.Kind.STRING),
                    SettingSpec.optional("port", SettingSpec.Kind.PORT),
                    SettingSpec.optional("knownHosts", SettingSpec.Kind.STRING),
                    SettingSpec.optional("workDir", SettingSpec.Kind.STRING),
                    SettingSpec.optional("erl", SettingSpec.Kind.STRING),
                    SettingSpec.optional("startTimeout", SettingSpec.Kind.DURATION),
                    SettingSpec.optional("stopTimeout", SettingSpec.Kind.DURATION))),
    /**
     * Pods running {@code image} in {@code namespace}, on the cluster at {@code masterUrl} (default: the
     * kubeconfig or in-cluster configuration); {@code stopTimeout} is the pods' deletion grace period;
     * {@code subdomain} (a headless Service the provider creates if missing) makes each pod's host name, the host
     * part of its Erlang name, resolvable in the cluster ({@code clusterDomain}, default {@code cluster.local}).
     */
    KUBERNETES(
            "kubernetes",
            List.of(
                    SettingSpec.required("namespace", SettingSpec.Kind.STRING),
                    SettingSpec.required("image", SettingSpec.Kind.STRING),
                    SettingSpec.optional("masterUrl", SettingSpec.Kind.STRING),
                    SettingSpec.optional("stopTimeout", SettingSpec.Kind.DURATION),
                    SettingSpec.optional("subdomain", SettingSpec.Kind.STRING),
                    SettingSpec.optional("clusterDomain", SettingSpec.Kind.STRING))),
    /**
     * Nodes inside the agent's fleet simulator, for the demo and scale tests; {@code fleetUrl} is the
     * control endpoint of a separate {@code numbat fleet} (required outside the demo).
     */
    SIMULATED("simulated", List.of(SettingSpec.optional("fleetUrl", SettingSpec.Kind.URL)));

    private final String configName;
    private final List<SettingSpec> settings;

    ProviderType(String configName, List<SettingSpec> settings) {
        this.configName = configName;
        this.settings = settings;
    }

    /** The name used in the configuration file, e.g. {@code kubernetes}. */
    public String configName() {
        return configName;
    }

    /** The settings this type takes, required ones first. */
    public List<SettingSpec> settings() {
        return settings;
    }

    /** The type called {@code name} in the configuration file. */
    public static Optional<ProviderType> fromConfigName(String name) {
        return Arrays.stream(values()).filter(t -> t.configName.equals(name)).findFirst();
    }

    /** Every type's configuration name, comma-separated, for error messages. */
    public static String known() {
        return Arrays.stream(values()).map(ProviderType::configName).collect(Collectors.joining(", "));
    }
}
