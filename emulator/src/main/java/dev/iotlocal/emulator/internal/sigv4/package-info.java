/**
 * AWS Signature Version 4, the emulator's one implementation: canonicalisation and signing ({@link
 * dev.iotlocal.emulator.internal.sigv4.SigV4}) and server-side verification ({@link
 * dev.iotlocal.emulator.internal.sigv4.SigV4Verifier}) for every door that receives signed requests: the
 * WSS+SigV4 door (presigned {@code GET /mqtt}) and the Lambda stub (signed {@code Authorization} header).
 * Only the JDK is used: no library verifies SigV4 on the server side.
 */
package dev.iotlocal.emulator.internal.sigv4;
