package dev.iotlocal.emulator.internal.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The key type of the CA, the server and the devices it issues for: EC P-256, which is fast to generate. */
public final class EcKeys {

    /** What an EC P-256 key signs certificates with. */
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private EcKeys() {}

    /** A fresh P-256 key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot generate EC P-256 keys", e);
        }
    }
}
