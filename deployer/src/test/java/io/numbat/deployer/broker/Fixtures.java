package io.numbat.deployer.broker;

import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.config.FamilyConfig;
import io.numbat.deployer.config.Offer;
import io.numbat.deployer.config.Profile;
import io.numbat.deployer.config.ProviderConfig;
import io.numbat.deployer.config.ProviderType;
import io.numbat.deployer.config.Run;
import io.numbat.deployer.config.Settings;
import io.numbat.deployer.config.Version;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Providers, offers, profiles and families for broker tests, with defaults that fit each other. */
final class Fixtures {
    private Fixtures() {}

    /** An offer under construction: 4 cores, 8 GiB, x86_64, OTP 26.2, region eu-west, no zone, no labels. */
    static final class OfferBuilder {
        int cores = 4;
        long memoryMb = 8192;
        String architecture = "x86_64";
        String otp = "26.2";
        String region = "eu-west";
        String zone;
        final Map<String, String> labels = new HashMap<>();

        OfferBuilder cores(int v) {
            cores = v;
            return this;
        }

        OfferBuilder memoryMb(long v) {
            memoryMb = v;
            return this;
        }

        OfferBuilder architecture(String v) {
            architecture = v;
            return this;
        }

        OfferBuilder otp(String v) {
            otp = v;
            return this;
        }

        OfferBuilder region(String v) {
            region = v;
            return this;
        }

        OfferBuilder zone(String v) {
            zone = v;
            return this;
        }

        OfferBuilder label(String k, String v) {
            labels.put(k, v);
            return this;
        }

        Offer build() {
            return new Offer(
                    cores, memoryMb, architecture, otp == null ? null : Version.parse(otp), null, region, zone, labels);
        }
    }

    static Offer offer(UnaryOperator<OfferBuilder> edit) {
        return edit.apply(new OfferBuilder()).build();
    }

    static ProviderConfig provider(String name, double cost, int maxNodes) {
        return provider(name, cost, maxNodes, o -> o);
    }

    static ProviderConfig provider(String name, double cost, int maxNodes, UnaryOperator<OfferBuilder> edit) {
        return new ProviderConfig(name, ProviderType.SIMULATED, offer(edit), maxNodes, cost, Settings.EMPTY);
    }

    /** A profile: 1 core, 1 GiB, nothing else required. */
    static Profile profile() {
        return new Profile(1, 1024, null, null, null, Map.of());
    }

    static Profile profile(
            int cores, long memoryMb, String architecture, String otp, String region, Map<String, String> labels) {
        return new Profile(cores, memoryMb, architecture, otp == null ? null : Version.parse(otp), region, labels);
    }

    static FamilyConfig family(String name, Profile profile, int maxNodes) {
        return new FamilyConfig(name, profile, new Run.Erl(List.of()), 0, maxNodes, "/cookie");
    }

    /** The web family: needs OTP 26 or later, at most 10,000 nodes. */
    static FamilyConfig web() {
        return family("web", profile(1, 1024, null, "26", null, Map.of()), 10_000);
    }

    static Broker broker(ProviderConfig... providers) {
        return new Broker(new DeployerConfig(Arrays.asList(providers), Map.of("web", web())));
    }
}
