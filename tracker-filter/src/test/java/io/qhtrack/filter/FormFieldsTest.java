package io.qhtrack.filter;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Settings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings that say which form fields identify a submission. */
class FormFieldsTest {

    private static FormFields of(String... pairs) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return FormFields.from(Settings.of(map));
    }

    @Test
    void byDefaultEveryFieldCountsButTheCommonTokenNames() {
        FormFields fields = of();

        assertThat(fields.counts("name")).isTrue();
        assertThat(FormFields.DEFAULT_IGNORED).allSatisfy(name -> assertThat(fields.counts(name)).isFalse());
        assertThat(fields.counts("__requestverificationtoken")).isFalse();
        assertThat(fields.counts("CSRFmiddlewareToken")).isFalse();
    }

    @Test
    void theIgnoreListReplacesTheDefaultOne() {
        FormFields fields = of("qhtrack.form.ignore-fields", " form_nonce ,X-Rendered");

        assertThat(fields.counts("FORM_NONCE")).isFalse();
        assertThat(fields.counts("x-rendered")).isFalse();
        assertThat(fields.counts("_csrf")).isTrue();
    }

    @Test
    void aListOfFieldsMakesOnlyThoseCount() {
        FormFields fields = of("qhtrack.form.fields", "name,Phone", "qhtrack.form.ignore-fields", "phone");

        assertThat(fields.counts("NAME")).isTrue();
        assertThat(fields.counts("phone")).as("listed fields win over the ignore list").isTrue();
        assertThat(fields.counts("email")).isFalse();
    }

    @Test
    void aListWithAnEmptyEntryOrAControlCharacterIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> of("qhtrack.form.fields", "name,,phone"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("qhtrack.form.fields");
        assertThatThrownBy(() -> of("qhtrack.form.ignore-fields", "_csrf,a\u0007b"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("qhtrack.form.ignore-fields")
                .hasMessageContaining("\\u0007");
    }

    @Test
    void theQueryStringIsDecodedOnceAsUtf8WithMalformedValuesKeptAsUnknown() {
        Map<String, List<String>> query = FormFields.parseQuery("a=1&a=%E6%9D%8E&b&c=x+y&d=%zz&=e&&");

        assertThat(query.get("a")).containsExactly("1", "李");
        assertThat(query.get("b")).containsExactly("");
        assertThat(query.get("c")).containsExactly("x y");
        assertThat(query.get("d")).containsExactly((String) null);
        assertThat(query.get("")).containsExactly("e");
    }
}
