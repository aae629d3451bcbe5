package io.numbat.platform.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for the embedded secured platform: an EC P-256 CA that issues
 * certificates for loopback (IP 127.0.0.1, DNS localhost). Keys never leave the data directory.
 */
public final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;

    private CertificateAuthority(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new CA named {@code cn}, valid from an hour ago for {@code validity}. */
    public static CertificateAuthority create(String cn, Duration validity) {
        KeyPair keys = newKeys();
        X500Name name = new X500Name("CN=" + cn);
        try {
            X509v3CertificateBuilder b = builder(name, name, keys, validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new CertificateAuthority(keys, sign(b, keys));
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the CA certificate: " + e.getMessage(), e);
        }
    }

    /** A certificate for {@code cn} on loopback, signed by this CA, valid for {@code validity} from an hour ago. */
    public Issued issue(String cn, Duration validity) {
        KeyPair pair = newKeys();
        try {
            GeneralNames sans = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
            });
            X509v3CertificateBuilder b = builder(
                            new X500Name(certificate.getSubjectX500Principal().getName()),
                            new X500Name("CN=" + cn),
                            pair,
                            validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.subjectAlternativeName, false, sans);
            return new Issued(pair, sign(b, keys), certificate);
        } catch (IOException e) {
            throw new IllegalStateException("cannot build a certificate for " + cn + ": " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes the CA certificate as PEM (for kcat, librdkafka, curl). */
    public void writePem(Path file) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(certificate);
        }
        Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
    }

    /** Writes a PKCS12 trust store holding the CA certificate. */
    public void writeTrustStore(Path file, char[] password) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("numbat-ca", certificate);
            store(ks, file, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write trust store " + file + ": " + e.getMessage(), e);
        }
    }

    /** A key pair with its certificate and the CA's. */
    public record Issued(KeyPair keys, X509Certificate certificate, X509Certificate ca) {
        /** Writes a PKCS12 key store with the key and its chain under the alias {@code numbat}. */
        public void writeKeyStore(Path file, char[] password) throws IOException {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("numbat", keys.getPrivate(), password, new Certificate[] {certificate, ca});
                store(ks, file, password);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot write key store " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static void store(KeyStore ks, Path file, char[] password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password);
        }
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key generator: " + e.getMessage(), e);
        }
    }

    private static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, KeyPair subjectKeys, Duration validity) {
        Instant from = Instant.now().minus(Duration.ofHours(1));
        return new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
                Date.from(from),
                Date.from(from.plus(validity)),
                subject,
                subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate: " + e.getMessage(), e);
        }
    }
}
