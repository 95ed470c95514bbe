package dev.iotlocal.emulator.cognito;

import java.util.Objects;

/**
 * A user of the emulated Cognito user pool: the built-in auth function logs these in.
 *
 * @param username the user name ({@code cognito:username} in the ID token)
 * @param password the password the auth function checks
 */
public record User(String username, String password) {

    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isBlank()) {
            throw new IllegalArgumentException("A user name must not be blank");
        }
    }

    @Override
    public String toString() {
        return "User[" + username + "]";
    }
}
