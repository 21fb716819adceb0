#pragma once

#include "CommandContext.h"
#include "JsonViews.h"
#include "Output.h"

#include <string>
#include <utility>
#include <vector>

namespace ragdesk::ragctl {

/// A list command's output: with --json the items as one array in the API's shape, else a table with a row
/// per item made by `rowOf`.
template <typename T, typename RowOf>
void printList(CommandContext& context, const std::vector<T>& items, std::vector<std::string> headers, RowOf rowOf)
{
    if (context.json()) {
        context.printJson(wire::array(items));
        return;
    }
    Table table(std::move(headers));
    for (const T& item : items) {
        table.add(rowOf(item));
    }
    table.print(context.out());
}

/// One object's output: with --json in the API's shape, else aligned "label  value" lines.
template <typename T>
void printItem(CommandContext& context, const T& item, const std::vector<std::pair<std::string, std::string>>& fields)
{
    if (context.json()) {
        context.printJson(wire::of(item));
    } else {
        printFields(context.out(), fields);
    }
}

} // namespace ragdesk::ragctl
