package io.numbat.deployer.broker;

/**
 * Why a provider got no (more) nodes: the criterion it fails, what the family requires and what the
 * provider offers, e.g. {@code eu-local, OTP, "26", "25"}. For {@link Criterion#CAPACITY} the
 * offer reads like {@code 40 of 40 nodes placed}.
 */
public record Rejection(String provider, Criterion criterion, String required, String offered) {

    /** One line, e.g. {@code eu-local: otp >= 26 not met, offers 25}. */
    @Override
    public String toString() {
        return criterion == Criterion.CAPACITY
                ? provider + ": full, " + offered
                : provider + ": " + criterion.requirement(required) + " not met, offers " + offered;
    }
}
