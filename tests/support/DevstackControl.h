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

/// What a deploy's `up -d` does to a service whose image or settings changed: its container replaced by a new one,
/// run on the devstack's "VPS" through the OpenSSH client (not the code under test). Throws when it fails.
void recreateDevstackService(const std::string& service);

/// A name no other test run uses, for tenant slugs and e-mail addresses.
std::string uniqueName(const std::string& prefix);

} // namespace ragdesk::test
