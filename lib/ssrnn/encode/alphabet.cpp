#include <ssrnn/encode/alphabet.hpp>

namespace ssrnn::encode
{

int residue_index(char c) noexcept
{
    if (c >= 'a' && c <= 'z')
        c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z')
        return -1;
    auto const pos = residue_letters.find(c);
    return pos == std::string_view::npos ? unknown_residue : static_cast<int>(pos);
}

int ss8_index(char c) noexcept
{
    switch (c)
    {
    case '-':
    case 'L':
    case ' ':
    case '_':
        return 7;
    default:
    {
        auto const pos = ss8_letters.find(c);
        return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
    }
    }
}

} // namespace ssrnn::encode
