package dev.iotlocal.emulator.identity;

/**
 * The kind of key pair AWS IoT's {@code CreateKeysAndCertificate} hands out. AWS makes RSA 2048 keys, which cost
 * about 100 ms of CPU each on a small machine: a script that provisions a thousand devices waits for them. EC P-256
 * keys take about a millisecond and work with every TLS stack the AWS IoT SDKs use, for fleets provisioned in
 * seconds; code that reads the key as RSA ({@code RSA PRIVATE KEY}) needs the default.
 */
public enum KeyAlgorithm {
    /** RSA 2048, the private key as PKCS#1 ({@code -----BEGIN RSA PRIVATE KEY-----}), as AWS IoT hands it out. */
    RSA_2048,
    /** EC on the P-256 curve, the private key as PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}). */
    EC_P256
}
