package cn.xieshang.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.xieshang.XieshangApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The bare application, with no configuration, refuses to start and says what is missing. */
class AdminPasswordRequiredTest {

    @Test
    void noAdminPasswordNoStart() {
        SpringApplicationBuilder bare = new SpringApplicationBuilder(XieshangApplication.class)
                .properties("spring.datasource.url=jdbc:h2:mem:never-created", "server.port=0");
        assertThatThrownBy(() -> bare.run()).hasMessageContaining("xieshang.admin.password")
                .hasMessageContaining("XIESHANG_ADMIN_PASSWORD");
    }
}
