/**
 * The services' HTTP security, alike in all three: OAuth2 resource servers accepting JWT bearer tokens from the
 * configured issuer, stateless (no session, no cookie, so no CSRF), errors as RFC 9457 problem details. Each service
 * says who may call what in an {@link ticketing.security.AccessRules} bean, and reads the caller as a
 * {@link ticketing.security.Caller} argument of its handler methods.
 */
@NullMarked
package ticketing.security;

import org.jspecify.annotations.NullMarked;
