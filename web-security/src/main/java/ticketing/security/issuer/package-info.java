/**
 * The demo's side of the tokens: an RSA key pair in files and JWTs signed with it, for {@code ./demo},
 * {@code setup/bin/demo-token}, the benchmark and the tests. The services never sign tokens; they only check them.
 */
@NullMarked
package ticketing.security.issuer;

import org.jspecify.annotations.NullMarked;
