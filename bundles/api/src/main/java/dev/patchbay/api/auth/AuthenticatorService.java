package dev.patchbay.api.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * On a {@code @Component} that provides an {@link Authenticator} or a
 * {@link ChallengeAuthenticator}: its {@value Authenticator#SCHEME_PROPERTY} service property,
 * typed. Add {@code @ServiceRanking} (org.osgi.service.component.propertytypes) to win over the
 * node's default.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AuthenticatorService {

    String PREFIX_ = "patchbay.";

    /** The credential scheme: {@code token} (TPP, HTTP) or {@value ChallengeAuthenticator#SCHEME} (nucos logins). */
    String auth();
}
