package dev.iotlocal.emulator.internal.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;

/** Key algorithms the CA uses; EC P-256 is fast to generate, RSA-2048 is what AWS issues. */
public enum KeyType {
    EC_P256("SHA256withECDSA"),
    RSA_2048("SHA256withRSA");

    private final String signatureAlgorithm;

    KeyType(String signatureAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
    }

    public KeyPair generate() {
        try {
            if (this == EC_P256) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot generate " + this + " keys", e);
        }
    }

    /** The signature algorithm a key of this type signs with. */
    public static String signatureAlgorithmFor(PublicKey signerKey) {
        return signerKey instanceof ECPublicKey ? EC_P256.signatureAlgorithm : RSA_2048.signatureAlgorithm;
    }
}
