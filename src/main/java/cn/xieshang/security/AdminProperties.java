package cn.xieshang.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The administrator account. There is deliberately no default password: outside the demo profile the
 * application refuses to start until {@code xieshang.admin.password} (env XIESHANG_ADMIN_PASSWORD) is set.
 */
@Validated
@ConfigurationProperties("xieshang.admin")
public record AdminProperties(
        @NotBlank(message = "set the administrator's user id (xieshang.admin.username)") String username,
        @NotBlank(message = "set the administrator's password: xieshang.admin.password or env XIESHANG_ADMIN_PASSWORD "
                + "(there is no default outside the demo profile)") String password) {
}
