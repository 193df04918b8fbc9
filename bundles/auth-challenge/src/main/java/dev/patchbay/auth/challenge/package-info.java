/**
 * Challenge-response authenticators: {@link dev.patchbay.auth.challenge.HmacChallengeAuthenticator}
 * (the default) and {@link dev.patchbay.auth.challenge.PlainChallengeAuthenticator}. Exported so
 * that plain-Java servers and clients can use them, and so that clients can compute
 * {@link dev.patchbay.auth.challenge.HmacChallengeAuthenticator#signature}.
 */
@Version("1.0.0")
@Export
package dev.patchbay.auth.challenge;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
