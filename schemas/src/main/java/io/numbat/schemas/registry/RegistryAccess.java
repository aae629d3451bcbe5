package io.numbat.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How to reach a secured schema registry: HTTP basic credentials and a trust store for HTTPS, read
 * from the same client settings file as Kafka's, under the keys Confluent's clients use:
 * {@code basic.auth.user.info} ({@code user:password}; {@code basic.auth.credentials.source}, if
 * set, must be {@code USER_INFO}) and {@code schema.registry.ssl.truststore.location},
 * {@code .password} and {@code .type} (default PKCS12). Without a trust store, HTTPS uses the JDK's.
 */
public record RegistryAccess(Optional<String> userInfo, Optional<SSLContext> ssl) {
    public static final String USER_INFO = "basic.auth.user.info";
    public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String TRUSTSTORE = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

    public static RegistryAccess none() {
        return new RegistryAccess(Optional.empty(), Optional.empty());
    }

    /** @throws IllegalArgumentException naming the key of a setting that cannot be used */
    public static RegistryAccess fromClientSettings(Map<String, String> settings) {
        String source = settings.getOrDefault(CREDENTIALS_SOURCE, "USER_INFO");
        if (!source.equals("USER_INFO")) {
            throw new IllegalArgumentException(
                    CREDENTIALS_SOURCE + " must be USER_INFO (the only source supported), was " + source);
        }
        Optional<String> userInfo = Optional.ofNullable(settings.get(USER_INFO));
        userInfo.ifPresent(u -> {
            if (!u.contains(":")) {
                throw new IllegalArgumentException(USER_INFO + " must be user:password");
            }
        });
        Optional<SSLContext> ssl = Optional.ofNullable(settings.get(TRUSTSTORE))
                .map(location -> trusting(
                        Path.of(location),
                        settings.getOrDefault(TRUSTSTORE_PASSWORD, ""),
                        settings.getOrDefault(TRUSTSTORE_TYPE, "PKCS12")));
        return new RegistryAccess(userInfo, ssl);
    }

    /** The {@code Authorization} header value, if credentials are set. */
    public Optional<String> authorization() {
        return userInfo.map(u -> "Basic " + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
    }

    private static SSLContext trusting(Path store, String password, String type) {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(TRUSTSTORE + " " + store + " cannot be used: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "RegistryAccess[basic auth " + (userInfo.isPresent() ? "set" : "none") + ", trust store "
                + (ssl.isPresent() ? "set" : "JDK default") + "]";
    }
}
