{#- PII leaves staging only as HMAC-SHA256(key = the salt, message = the value), in hex: equal
    values still join, the value itself is gone, and without the salt nobody can rebuild the
    hash of a guessed phone number. DuckDB has sha256 but no hmac, so the key's inner and outer
    pads (RFC 2104) are computed here at compile time and the two hashes run in SQL:
        sha256((key xor opad) || unhex(sha256((key xor ipad) || value)))
    The salt is the var pii_salt, else the environment variable CALLSCOPE_PII_SALT, else ''
    (development only: with CALLSCOPE_PROFILE=production an empty or short salt stops
    compilation). A null value stays null. -#}

{% macro pii_salt() -%}
    {%- set salt = (var('pii_salt', none) or env_var('CALLSCOPE_PII_SALT', '')) | string -%}
    {%- if env_var('CALLSCOPE_PROFILE', '') == 'production' and salt | length < 16 -%}
        {{ exceptions.raise_compiler_error(
            "CALLSCOPE_PROFILE=production refuses to pseudonymise PII without a salt: set CALLSCOPE_PII_SALT"
            ~ " to a secret of at least 16 characters (e.g. `openssl rand -hex 32`)") }}
    {%- endif -%}
    {{ return(salt) }}
{%- endmacro %}

{#- The 64-byte HMAC-SHA256 pad of the salt XOR `pad_byte` (0x36 inner, 0x5c outer), in hex. -#}
{% macro hmac_pad_hex(salt, pad_byte) -%}
    {%- set key = salt.encode('utf-8') | list -%}
    {%- if key | length > 64 -%}
        {{ exceptions.raise_compiler_error(
            "CALLSCOPE_PII_SALT is " ~ key | length ~ " bytes; HMAC keys here are at most 64 bytes (the SHA-256 block)") }}
    {%- endif -%}
    {%- set hex = [] -%}
    {%- for byte in key + [0] * (64 - key | length) -%}
        {%- set ns = namespace(result=0, bit=1) -%}
        {%- for _ in range(8) -%}
            {%- if (byte // ns.bit) % 2 != (pad_byte // ns.bit) % 2 -%}
                {%- set ns.result = ns.result + ns.bit -%}
            {%- endif -%}
            {%- set ns.bit = ns.bit * 2 -%}
        {%- endfor -%}
        {%- do hex.append('%02x' % ns.result) -%}
    {%- endfor -%}
    {{ return(hex | join('')) }}
{%- endmacro %}

{% macro pseudonymize(column) -%}
    {%- set salt = pii_salt() -%}
    sha256(unhex('{{ hmac_pad_hex(salt, 92) }}') || unhex(sha256(unhex('{{ hmac_pad_hex(salt, 54) }}') || encode({{ column }}))))
{%- endmacro %}
