// Node's codes for a TLS handshake that failed on the server's certificate (or on TLS
// itself), shared by every engine that connects over TLS: each says the same thing to the user.
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
]);

/** Whether an error code means the certificate could not be verified, or TLS failed. */
export function isCertificateError(code: string | undefined): code is string {
  return !!code && (CERTIFICATE_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'));
}
