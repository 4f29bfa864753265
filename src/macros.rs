//! Boilerplate every identifier type shares: it is read from and written as its string form.

/// `FromStr` (lenient `parse`), and serde as the canonical string (`Display`) that parses back.
macro_rules! string_form {
    ($t:ty) => {
        impl std::str::FromStr for $t {
            type Err = $crate::id::problem::Invalid;
            fn from_str(s: &str) -> Result<Self, $crate::id::problem::Invalid> {
                <$t>::parse(s)
            }
        }

        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                <$t>::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
