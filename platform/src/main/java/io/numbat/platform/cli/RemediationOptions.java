package io.numbat.platform.cli;

import io.numbat.platform.PlatformException;
import io.numbat.processor.remedy.GcActions;
import io.numbat.processor.remedy.RemediationConfig;
import io.numbat.processor.remedy.RemediationSettings;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.config.ConfigException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code numbat processor}'s remediation options (docs/prevent.md): the mode, the rate limits and the timings that
 * make up what a replacement needs, for every family and cause; a configuration file laid over them with settings
 * per family and per cause; the operator token that signs the GC playbook's node actions. Checked at start-up,
 * naming the option or the file's key.
 */
final class RemediationOptions {
    @Option(
            names = "--remediation-mode",
            paramLabel = "auto|approve|notify",
            defaultValue = "approve",
            converter = ModeConverter.class,
            description = "What a predicted_exhaustion alarm leads to: auto (the node is replaced at once), approve (a "
                    + "proposal waits for numbat remediation approve or the console) or notify (proposals only) "
                    + "(default ${DEFAULT-VALUE}).")
    RemediationMode mode;

    @Option(
            names = "--remediation-max-in-progress",
            paramLabel = "K",
            defaultValue = "1",
            description = "Remediations executing at once per family (default ${DEFAULT-VALUE}).")
    int maxInProgress;

    @Option(
            names = "--remediation-max-per-hour",
            paramLabel = "M",
            defaultValue = "6",
            description = "Remediations started per family in any hour (default ${DEFAULT-VALUE}).")
    int maxPerHour;

    @Option(
            names = "--remediation-approval-expiry",
            paramLabel = "DURATION",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "A proposal not approved within this expires (default ${DEFAULT-VALUE}).")
    Duration approvalExpiry;

    @Option(
            names = "--remediation-launch-timeout",
            paramLabel = "DURATION",
            defaultValue = "120s",
            converter = DurationConverter.class,
            description = "A replacement not RUNNING within this fails the remediation (default ${DEFAULT-VALUE}).")
    Duration launchTimeout;

    @Option(
            names = "--remediation-drain",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "The deployer's drain period before it stops a node; set it to the deployer's --drain "
                    + "(default ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(
            names = "--remediation-safety-margin",
            paramLabel = "DURATION",
            defaultValue = "15s",
            converter = DurationConverter.class,
            description = "Time left before the forecast limit after a replacement's launch time-out, drain and stop "
                    + "(30 s); with less, a remediation is SKIPPED (default ${DEFAULT-VALUE}).")
    Duration safetyMargin;

    @Option(
            names = "--remediation-config",
            paramLabel = "FILE",
            description = "YAML or JSON file of remediation settings per family and per cause (mode, playbook, rate "
                    + "limits, bounds), laid over the --remediation-* options: what it names wins (docs/prevent.md).")
    Path config;

    @Option(
            names = "--operator-token-file",
            paramLabel = "FILE",
            description = "File whose first line is the operator token (or env " + OperatorToken.ENV + "), the agents' "
                    + "and numbat action's: the gc playbook's node actions are signed with it. Required when the "
                    + "--remediation-config selects gc.")
    Path operatorTokenFile;

    /** What the processor is given: the remediation settings and the signer of the GC playbook's actions (or null). */
    record Configured(RemediationSettings settings, GcActions gcActions) {}

    /**
     * The settings of the options with the file's laid over them, and the signer of GC actions; a bad value fails
     * naming its option or key, and a file that selects gc without an operator token fails naming the key.
     */
    Configured configured() {
        RemediationSettings options = settings();
        RemediationConfig file;
        try {
            file = config == null ? new RemediationConfig(options, List.of()) : RemediationConfig.load(config, options);
        } catch (ConfigException | UncheckedIOException e) {
            throw new PlatformException(e.getMessage());
        }
        Optional<byte[]> token = OperatorToken.find(operatorTokenFile, "--operator-token-file", System::getenv);
        if (!file.gcKeys().isEmpty() && token.isEmpty()) {
            throw new PlatformException(config + ": " + file.gcKeys().get(0) + " is gc, whose node action is signed "
                    + "with the operator token: give --operator-token-file FILE (or env " + OperatorToken.ENV + ")");
        }
        return new Configured(file.settings(), token.map(GcActions::new).orElse(null));
    }

    /** The settings these options give; a bad value fails naming its option. */
    RemediationSettings settings() {
        atLeastOne("--remediation-max-in-progress", maxInProgress);
        atLeastOne("--remediation-max-per-hour", maxPerHour);
        positive("--remediation-approval-expiry", approvalExpiry);
        positive("--remediation-launch-timeout", launchTimeout);
        notNegative("--remediation-drain", drain);
        notNegative("--remediation-safety-margin", safetyMargin);
        RemediationSettings.Limits d = RemediationSettings.Limits.defaults();
        return RemediationSettings.defaults(mode)
                .withDefaultLimits(new RemediationSettings.Limits(
                        maxInProgress,
                        maxPerHour,
                        d.minNodes(),
                        d.maxNodes(),
                        approvalExpiry,
                        launchTimeout,
                        drain,
                        d.stopTimeout(),
                        d.gcTime(),
                        safetyMargin,
                        d.keepFinished(),
                        d.maxAttempts()));
    }

    private static void atLeastOne(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, was " + value);
        }
    }

    private static void positive(String option, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(option + " must be a positive duration, was " + d.toSeconds() + " s");
        }
    }

    private static void notNegative(String option, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(option + " must not be negative, was " + d.toSeconds() + " s");
        }
    }

    /** {@code auto}, {@code approve} or {@code notify}, in any case. */
    static final class ModeConverter implements ITypeConverter<RemediationMode> {
        @Override
        public RemediationMode convert(String value) {
            try {
                return RemediationMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(
                        "the remediation mode is auto, approve or notify, was '" + value + "'");
            }
        }
    }
}
