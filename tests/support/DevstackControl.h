#pragma once

#include <string>

namespace ragdesk::test {

/// Sets one of the devstack's fault knobs (`devstack knob NAME VALUE`) for the lifetime of this object, then
/// puts back the default: a test never leaves a knob turned for the next one.
class ScopedKnob {
public:
    ScopedKnob(std::string name, const std::string& value);
    ~ScopedKnob();
    ScopedKnob(const ScopedKnob&) = delete;
    ScopedKnob& operator=(const ScopedKnob&) = delete;

private:
    std::string m_name;
};

/// Runs `$RAGDESK_DEVSTACK_CTL ARGS` (the devstack CLI of the test's instance); throws when it fails.
void devstackControl(const std::string& arguments);

/// A name no other test run uses, for tenant slugs and e-mail addresses.
std::string uniqueName(const std::string& prefix);

} // namespace ragdesk::test
