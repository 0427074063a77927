package io.edgeway.signaling.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.signaling.http.ErrorCode;
import org.junit.jupiter.api.Test;

/** Route matching: parameters, literal segments before parameters, 404 and 405. */
class RouterTest {

    private final Router router = new Router()
            .add("POST", "/v1/turn/keys/{key_id}/credentials/revoke", Router.Auth.TURN_KEY, r -> null)
            .add("POST", "/v1/turn/keys/{key_id}/credentials/{username}/revoke", Router.Auth.TURN_KEY, r -> null)
            .add("GET", "/v1/meetings/{meeting_id}", Router.Auth.API_KEY, r -> null)
            .add("PATCH", "/v1/meetings/{meeting_id}", Router.Auth.API_KEY, r -> null)
            .add("GET", "/v1/meetings/{meeting_id}/active-session", Router.Auth.API_KEY, r -> null);

    @Test
    void parametersAreDecoded() {
        Router.Match m = router.match("POST", "/v1/turn/keys/abc/credentials/1700000000%3Aabc.xyz/revoke");
        assertThat(m.params()).containsEntry("key_id", "abc").containsEntry("username", "1700000000:abc.xyz");
        assertThat(router.match("POST", "/v1/turn/keys/abc/credentials/revoke").route().template())
                .isEqualTo("/v1/turn/keys/{key_id}/credentials/revoke");
        assertThat(router.match("GET", "/v1/meetings/m1/").params()).containsEntry("meeting_id", "m1");
    }

    @Test
    void parametersAreDecodedOnceAndPlusIsKept() {
        assertThat(router.match("GET", "/v1/meetings/%252F").params()).containsEntry("meeting_id", "%2F");
        assertThat(router.match("GET", "/v1/meetings/a%2Fb").params()).containsEntry("meeting_id", "a/b");
        assertThat(router.match("GET", "/v1/meetings/a+b").params()).containsEntry("meeting_id", "a+b");
        assertThat(router.match("GET", "/v1/meetings/%C3%A9").params()).containsEntry("meeting_id", "\u00e9");
        assertThatThrownBy(() -> router.match("GET", "/v1/meetings/%zz"))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_REQUEST);
    }

    @Test
    void unknownPathsAndMethods() {
        assertThatThrownBy(() -> router.match("GET", "/v1/meetings/m1/nothing"))
                .hasFieldOrPropertyWithValue("code", ErrorCode.NOT_FOUND);
        assertThatThrownBy(() -> router.match("DELETE", "/v1/meetings/m1"))
                .hasFieldOrPropertyWithValue("code", ErrorCode.METHOD_NOT_ALLOWED)
                .hasMessageContaining("GET or PATCH");
    }
}
