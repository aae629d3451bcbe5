package io.numbat.deployer.broker;

import io.numbat.deployer.config.Offer;
import io.numbat.deployer.config.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks a provider's offer against a family's profile, criterion by criterion. */
public final class ProfileMatcher {
    private ProfileMatcher() {}

    /** Every way {@code offer} of {@code provider} falls short of {@code profile}; empty if it fits. */
    public static List<Rejection> mismatches(String provider, Profile profile, Offer offer) {
        List<Rejection> out = new ArrayList<>();
        if (offer.cores() < profile.cores()) {
            out.add(new Rejection(provider, Criterion.CORES, "" + profile.cores(), "" + offer.cores()));
        }
        if (offer.memoryMb() < profile.memoryMb()) {
            out.add(new Rejection(provider, Criterion.MEMORY, "" + profile.memoryMb(), "" + offer.memoryMb()));
        }
        if (profile.architecture() != null && !profile.architecture().equals(offer.architecture())) {
            out.add(new Rejection(
                    provider,
                    Criterion.ARCHITECTURE,
                    profile.architecture(),
                    orNo(offer.architecture(), "architecture")));
        }
        if (profile.minOtpVersion() != null
                && (offer.otpVersion() == null || !offer.otpVersion().atLeast(profile.minOtpVersion()))) {
            out.add(new Rejection(
                    provider,
                    Criterion.OTP,
                    profile.minOtpVersion().toString(),
                    offer.otpVersion() == null ? "no otp" : offer.otpVersion().toString()));
        }
        if (profile.region() != null && !profile.region().equals(offer.region())) {
            out.add(new Rejection(provider, Criterion.REGION, profile.region(), orNo(offer.region(), "region")));
        }
        for (Map.Entry<String, String> label : profile.labels().entrySet()) {
            String offered = offer.labels().get(label.getKey());
            if (!label.getValue().equals(offered)) {
                out.add(new Rejection(
                        provider,
                        Criterion.LABEL,
                        label.getKey() + "=" + label.getValue(),
                        offered == null ? "no label " + label.getKey() : label.getKey() + "=" + offered));
            }
        }
        return out;
    }

    /** Whether {@code offer} satisfies every criterion of {@code profile}. */
    public static boolean fits(Profile profile, Offer offer) {
        return mismatches("", profile, offer).isEmpty();
    }

    private static String orNo(String value, String what) {
        return value == null ? "no " + what : value;
    }
}
