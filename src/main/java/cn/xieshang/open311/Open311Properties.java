package cn.xieshang.open311;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param keys integrator keys ({@code api_key}) and the Camunda user each one files concerns as:
 *     {@code xieshang.open311.keys.<key>=<userId>}; none by default (the demo profile has one)
 * @param postsPerMinute how many requests one key may file per minute (default 30)
 */
@ConfigurationProperties("xieshang.open311")
public record Open311Properties(Map<String, String> keys, Integer postsPerMinute) {

    public Open311Properties {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
        postsPerMinute = postsPerMinute == null ? 30 : postsPerMinute;
    }
}
