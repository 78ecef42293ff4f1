package org.ibal.functions.domain.auth;

import org.ibal.functions.domain.port.Invites;

/**
 * Who may create a local account and with which password.
 *
 * @param registration {@code REGISTRATION_POLICY}
 * @param invites      redeems invite codes when the policy is {@link RegistrationPolicy#INVITE}
 * @param passwords    the password rules (NIST SP 800-63B)
 */
public record AccountRules(RegistrationPolicy registration, Invites invites, PasswordPolicy passwords) {}
