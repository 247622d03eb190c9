/**
 * Bearer tokens for the demo and the tests: an RSA key pair kept in files, and JWTs signed with it that the services
 * accept when their {@code spring.security.oauth2.resourceserver.jwt.public-key-location} names its public key.
 */
@NullMarked
package ticketing.testsupport.security;

import org.jspecify.annotations.NullMarked;
